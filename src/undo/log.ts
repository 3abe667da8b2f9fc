/**
 * The undo log: JSON Lines, one record per applied change, written the moment the change succeeds
 * (a crash or Ctrl-C of the process never loses it) and on disk before the step's next change
 * starts (a power cut neither). File mode
 * 0600; it holds the state before each change and never credentials. Each record carries the
 * SHA-256 of the line before it (`prev`) and of itself (`sum`), so an edited, removed or
 * reordered line is noticed: tamper evidence, not a signature (anyone who can write the file
 * can recompute both).
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fdatasync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeSync, chmodSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { groupCommit } from '../core/group-commit.js';
import type { UndoAction } from '../core/step.js';
import { texts } from '../i18n/index.js';
import '../i18n/zod.js';

const en = {
  missing: (path: string) => `Undo log ${path} does not exist.`,
  damaged: (path: string, line: number, why: string) => `Undo log ${path}, line ${line}: ${why}. The file was edited or damaged; fix or remove that line.`,
  changed: (path: string, line: number, why: string) => `Undo log ${path}, line ${line}: ${why}. Undo refuses a log that was changed after it was written; nothing was undone.`,
  notJson: 'not valid JSON',
  notRecord: (field: string, message: string) => `not an aws-bootstrap record (${field || 'record'}: ${message})`,
  edited: 'its content does not match its checksum (the line was edited)',
  notFollowing: 'it does not follow from the line before it (a line before it was removed or moved)',
  unsealed: 'it has no checksum, though the lines before it do',
};

const t = texts('undo-log', en, {
  missing: (path: string) => `取り消しログ ${path} がありません。`,
  damaged: (path: string, line: number, why: string) => `取り消しログ ${path} の ${line} 行目: ${why}。ファイルが編集されたか壊れています。その行を直すか削除してください。`,
  changed: (path: string, line: number, why: string) => `取り消しログ ${path} の ${line} 行目: ${why}。書き込み後に変更されたログでは元に戻しません。何も元に戻していません。`,
  notJson: '正しい JSON ではありません',
  notRecord: (field: string, message: string) => `aws-bootstrap の記録ではありません (${field || '記録'}: ${message})`,
  edited: '内容がチェックサムと一致しません (行が編集されています)',
  notFollowing: '前の行から続いていません (前の行が削除されたか移動されています)',
  unsealed: 'これより前の行にはチェックサムがあるのに、この行にはありません',
});

const runRecord = z.object({
  v: z.literal(1),
  type: z.literal('run'),
  run: z.string().min(1),
  account: z.string().regex(/^\d{12}$/),
  caller: z.string(),
  at: z.string(),
  command: z.enum(['apply', 'undo']),
  demo: z.boolean().optional(),
  prev: z.string().optional(),
  sum: z.string().optional(),
});

const changeRecord = z.object({
  v: z.literal(1),
  type: z.literal('change'),
  id: z.string().min(1),
  run: z.string().min(1),
  account: z.string().regex(/^\d{12}$/),
  step: z.string().min(1),
  region: z.string().min(1),
  at: z.string(),
  summary: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  undo: z.object({ kind: z.string().min(1), description: z.string(), manual: z.string().optional() }).passthrough(),
  prev: z.string().optional(),
  sum: z.string().optional(),
});

const undoneRecord = z.object({
  v: z.literal(1),
  type: z.literal('undone'),
  /** The id of the change record that was taken back. */
  ref: z.string().min(1),
  run: z.string().min(1),
  account: z.string().regex(/^\d{12}$/),
  at: z.string(),
  prev: z.string().optional(),
  sum: z.string().optional(),
});

export const logRecord = z.discriminatedUnion('type', [runRecord, changeRecord, undoneRecord]);
export type LogRecord = z.infer<typeof logRecord>;
export type ChangeRecord = z.infer<typeof changeRecord>;
export type UndoneRecord = z.infer<typeof undoneRecord>;

/** The link a record carries to the line before it ('' for a file's first line). */
export function linkTo(previousLine: string | undefined): string {
  return previousLine === undefined ? '' : sha256(previousLine);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A record's line: its fields, the link to the line before, and last the hash of all that. */
export function sealedLine(record: LogRecord, previousLine: string | undefined): string {
  const { prev: _prev, sum: _sum, ...fields } = record;
  const linked = JSON.stringify({ ...fields, prev: linkTo(previousLine) });
  return `${linked.slice(0, -1)},"sum":"${sha256(linked)}"}`;
}

/** Whether a sealed line is as it was written (its `sum` matches the rest of it). */
function sealIntact(line: string, sum: string): boolean {
  // The writer put `sum` last: the line without it is exactly what was hashed.
  const unsealed = line.replace(/,"sum":"[0-9a-f]{64}"}$/, '}');
  return unsealed !== line && sha256(unsealed) === sum;
}

/** The last complete line of a log's text (a line cut off by a crash does not count). */
function lastCompleteLine(text: string): string | undefined {
  const lines = text.split('\n');
  // Without a final newline the last piece is unfinished.
  if (!text.endsWith('\n')) lines.pop();
  return lines.filter((line) => line.trim() !== '').at(-1);
}

/** Where our files live: `$AWS_BOOTSTRAP_HOME`, else `~/.aws-bootstrap`. */
export function toolHome(): string {
  return process.env.AWS_BOOTSTRAP_HOME || join(homedir(), '.aws-bootstrap');
}

/** The folder of undo logs for one account (demo runs keep theirs apart from real accounts). */
export function undoLogDir(accountId: string, demo: boolean): string {
  return join(toolHome(), demo ? 'demo' : '', 'undo-logs', accountId);
}

/** A new log's default path: one file per run, named by its start time so they sort. */
export function defaultUndoLogPath(accountId: string, demo: boolean, startedAt: Date): string {
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  return join(undoLogDir(accountId, demo), `${stamp}.jsonl`);
}

/**
 * The logs of organization-wide runs (`--org`), with the management account's own logs: in its
 * folder, under `organization/` (so `undo` of the management account alone never takes them).
 */
export function organizationUndoLogDir(managementId: string, demo: boolean): string {
  return join(undoLogDir(managementId, demo), 'organization');
}

export function defaultOrganizationUndoLogPath(managementId: string, demo: boolean, startedAt: Date): string {
  return join(organizationUndoLogDir(managementId, demo), `${startedAt.toISOString().replace(/[:.]/g, '-')}.jsonl`);
}

/** The most recent organization-wide log of this management account, if any. */
export function latestOrganizationUndoLog(managementId: string, demo: boolean): string | undefined {
  return newestIn(organizationUndoLogDir(managementId, demo));
}

/** The most recent log for this account in the default location, if any. */
export function latestUndoLog(accountId: string, demo: boolean): string | undefined {
  return newestIn(undoLogDir(accountId, demo));
}

function newestIn(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  const logs = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort();
  return logs.length ? join(dir, logs[logs.length - 1]!) : undefined;
}

/**
 * Appends records durably. The file is created on the first record, mode 0600. Each record is
 * written at once; `onDisk` waits for it to reach the disk, one fdatasync shared by every record
 * written meanwhile, in libuv's thread pool: changes in other regions go on while it waits.
 */
export class UndoLogWriter {
  private fd: number | undefined;
  private count = 0;
  /** The last line in the file, which the next record links to. */
  private lastLine: string | undefined;
  private readonly sync = groupCommit(() => promisify(fdatasync)(this.fd!));

  constructor(
    readonly path: string,
    private readonly header: Omit<z.infer<typeof runRecord>, 'v' | 'type' | 'at'>,
  ) {}

  /** Records written by this writer (the run header excluded). */
  get written(): number {
    return this.count;
  }

  /** Records one applied change; returns its id. Await `onDisk` before the next change. */
  change(entry: { step: string; region: string; summary: string; before: unknown; after: unknown; undo: UndoAction }): string {
    const id = `${this.header.run}-${this.count + 1}`;
    this.append({ v: 1, type: 'change', id, run: this.header.run, account: this.header.account, at: new Date().toISOString(), ...entry });
    this.count++;
    return id;
  }

  /** Records that a change was taken back. */
  undone(ref: string): void {
    this.append({ v: 1, type: 'undone', ref, run: this.header.run, account: this.header.account, at: new Date().toISOString() });
    this.count++;
  }

  /** Resolves once every record written so far is on disk. */
  async onDisk(): Promise<void> {
    if (this.fd !== undefined) await this.sync();
  }

  /** Waits for the records still on their way to disk, then closes the file. */
  async close(): Promise<void> {
    await this.onDisk();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private append(record: LogRecord): void {
    if (this.fd === undefined) this.open();
    const line = sealedLine(record, this.lastLine);
    // One write per line: in the file (the kernel's) before anything else happens.
    writeSync(this.fd!, `${line}\n`);
    this.lastLine = line;
  }

  private open(): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const existed = existsSync(this.path);
    this.fd = openSync(this.path, 'a', 0o600);
    if (existed) {
      chmodSync(this.path, 0o600);
      const text = statSync(this.path).size > 0 ? readFileSync(this.path, 'utf8') : '';
      this.lastLine = lastCompleteLine(text);
      // A crash may have left a torn last line; start ours on a fresh line.
      if (text.length > 0 && !text.endsWith('\n')) writeSync(this.fd, '\n');
    }
    this.append({ v: 1, type: 'run', at: new Date().toISOString(), ...this.header });
  }
}

export interface ParsedLog {
  readonly path: string;
  readonly records: LogRecord[];
  /** False for a log written before records were chained (its lines cannot be checked). */
  readonly chained: boolean;
  /** Lines cut off mid-write by a crash (ignored): the last line, or one a later run wrote after. */
  readonly tornLines: string[];
}

/**
 * Reads a log. A line cut off mid-write (a crash) is tolerated and reported: the last line, or
 * a line right before a later run's header (that run started on a fresh line after it). Any
 * other malformed line is an error naming the line: the file was edited or damaged. So is a
 * record whose link does not match the line before it: a line was edited, removed or moved.
 */
export function readUndoLog(path: string): ParsedLog {
  if (!existsSync(path)) throw new InputError(t.missing(path));
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const endsClean = text.endsWith('\n') || text.length === 0;
  const records: LogRecord[] = [];
  const tornLines: string[] = [];
  let previous: string | undefined;
  let chained = false;
  const damaged = (i: number, why: string) => new InputError(t.damaged(path, i + 1, why));
  const changed = (i: number, why: string) => new InputError(t.changed(path, i + 1, why));
  const nextIsRunHeader = (i: number) => {
    const next = lines.slice(i + 1).find((line) => line.trim() !== '');
    try {
      return next !== undefined && runRecord.safeParse(JSON.parse(next)).success;
    } catch {
      return false;
    }
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      const lastAndUnfinished = i === lines.length - 1 && !endsClean;
      if (lastAndUnfinished || nextIsRunHeader(i)) {
        tornLines.push(line);
        continue;
      }
      throw damaged(i, t.notJson);
    }
    const parsed = logRecord.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw damaged(i, t.notRecord(issue?.path.join('.') ?? '', issue?.message ?? ''));
    }
    const { prev, sum } = parsed.data;
    if (prev !== undefined || sum !== undefined) {
      chained = true;
      if (sum === undefined || !sealIntact(line, sum)) throw changed(i, t.edited);
      if (prev !== linkTo(previous)) throw changed(i, t.notFollowing);
    } else if (chained) {
      throw changed(i, t.unsealed);
    }
    previous = line;
    records.push(parsed.data);
  }
  return { path, records, chained, tornLines };
}
