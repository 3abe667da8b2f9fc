/**
 * Runs the built CLI as a user would: a fresh Node process, its own tool home, no AWS
 * environment, no instance-metadata probing, and timing from just before the spawn to the
 * moment the process exits.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Repository root (this file runs as dist/bench/child.js). */
export const REPO_ROOT = join(import.meta.dirname, '..', '..');
/**
 * What the benchmark runs: by default the bundle the package ships (`bin`), so it measures what
 * users run (`--cli dist/src/cli.js` measures the unbundled build instead), with no Node.js flags
 * (`--cpu-prof <dir>` adds `--cpu-prof --cpu-prof-dir <dir>`).
 */
export const measured = { cliPath: join(REPO_ROOT, 'dist', 'bundle', 'cli.js'), nodeFlags: [] as string[] };

export function tempHome(): string {
  return mkdtempSync(join(tmpdir(), 'aws-bootstrap-bench-'));
}

/**
 * Only what a child needs: PATH to find tools, a throw-away home (so nothing from the real
 * ~/.aws or ~/.aws-bootstrap is read or written), and the SDK's metadata probe turned off so
 * nothing can reach the network even by accident.
 */
export function childEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    AWS_BOOTSTRAP_HOME: home,
    AWS_EC2_METADATA_DISABLED: 'true',
    NO_COLOR: '1',
    ...extra,
  };
}

export interface ChildResult {
  /** Process start → exit, as seen from the parent (includes Node's own start-up). */
  readonly wallMs: number;
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node dist/bundle/cli.js <args>` to completion, stdin closed (no terminal: the CLI never prompts). */
export function runCli(args: readonly string[], home: string, timeoutMs?: number): Promise<ChildResult> {
  return runNode([...measured.nodeFlags, measured.cliPath, ...args], home, timeoutMs);
}

/** Runs `node <args>` to completion (also used for Node's own start-up baseline, `node -e 0`). */
export function runNode(nodeArgs: readonly string[], home: string, timeoutMs = 30 * 60_000): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, nodeArgs, { cwd: REPO_ROOT, env: childEnv(home), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    // 'exit' (not 'close'): the moment the process ended, not when its pipes were drained.
    child.on('exit', (exitCode, signal) => {
      const wallMs = performance.now() - started;
      clearTimeout(timer);
      // Let the pipes drain so the caller sees all output.
      child.on('close', () => resolve({ wallMs, exitCode, signal, stdout, stderr }));
    });
  });
}

/** Removes terminal control sequences (colours, cursor moves, OSC titles) so text can be matched. */
export function stripTerminalCodes(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g, '').replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '').replace(/\x1b[@-Z\\-_]/g, '');
}

/** True once the output holds an inquirer prompt: a line that starts with "? ". */
export function showsPrompt(output: string): boolean {
  return /(?:^|[\r\n])\? /.test(stripTerminalCodes(output));
}

/** POSIX shell quoting for one word. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export interface TerminalResult {
  /** Process start → first prompt on screen (only when asked to stop there and one came). */
  readonly promptMs?: number;
  /** Process start → exit. */
  readonly wallMs: number;
  readonly exitCode: number | null;
  readonly output: string;
}

/**
 * Runs the CLI on a pseudo-terminal, as in a terminal window: `script -qefc … /dev/null`
 * (-f flushes every write, so a prompt is seen the moment it is drawn; -e passes the exit code
 * on). The pseudo-terminal gets a normal 120×40 size first: without one it is 0×0 and the
 * progress display wraps every character onto its own line, which no user would see.
 *
 * With `untilPrompt`, the first inquirer prompt ends the measurement: Ctrl-C is typed (the
 * wizard quits cleanly, so a stats file is still written) and anything still running a few
 * seconds later is killed.
 */
export function runInTerminal(args: readonly string[], home: string, options: { untilPrompt?: boolean; timeoutMs?: number } = {}): Promise<TerminalResult> {
  const command = `stty cols 120 rows 40 2>/dev/null; exec ${[process.execPath, ...measured.nodeFlags, measured.cliPath, ...args].map(shellQuote).join(' ')}`;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // detached: its own process group, so a kill reaches `script` and nothing else of ours.
    const child = spawn('script', ['-qefc', command, '/dev/null'], {
      cwd: REPO_ROOT,
      env: childEnv(home, { TERM: 'xterm-256color', COLUMNS: '120', LINES: '40' }),
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    let promptMs: number | undefined;
    let wallMs = 0;
    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    let forceTimer: NodeJS.Timeout | undefined;
    const timeout = setTimeout(killGroup, options.timeoutMs ?? 10 * 60_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (options.untilPrompt && promptMs === undefined && showsPrompt(output)) {
        promptMs = performance.now() - started;
        child.stdin.write('\x03');
        forceTimer = setTimeout(killGroup, 5_000);
      }
    });
    child.stderr.resume();
    // Writing Ctrl-C after the pty is gone must not crash the benchmark.
    child.stdin.on('error', () => undefined);
    child.on('error', (error) => {
      clearTimeout(timeout);
      reject(error);
    });
    child.on('exit', () => (wallMs = performance.now() - started));
    child.on('close', (exitCode) => {
      clearTimeout(timeout);
      clearTimeout(forceTimer);
      resolve({ ...(promptMs !== undefined ? { promptMs } : {}), wallMs, exitCode, output });
    });
  });
}
