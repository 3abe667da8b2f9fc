/** Undo logs written the way the writer would have written them, for tests that shape a log by hand. */
import { sealedLine, type LogRecord } from '../../src/undo/log.js';

/**
 * Links and seals lines again after some were left out: the log a run would have written had
 * those records never been written (a kill before the write), not a log edited afterwards.
 */
export function rechained(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (const line of lines) out.push(sealedLine(JSON.parse(line) as LogRecord, out.at(-1)));
  return out;
}
