/**
 * Real `tradelane` processes for end-to-end tests: started with an environment, ready when a line
 * of their output matches, stopped as an operator would (SIGTERM, then SIGKILL after a bound).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { CLI } from './support.js';

/** A server's line once warm (its log at level info). */
export const LISTENING = /tradelane listening on (http:\/\/[^\s"]+)/;

export class Processes {
  readonly all: ChildProcess[] = [];
  constructor(readonly env: Record<string, string>) {}

  /** Runs a command to its end; fails on a non-zero exit. Returns its stdout. */
  cli(args: string[], extra: Record<string, string> = {}): string {
    const r = spawnSync(process.execPath, [CLI, ...args], {
      env: { ...process.env, ...this.env, TRADELANE_LOG_LEVEL: 'silent', ...extra },
      encoding: 'utf8',
      timeout: 300_000,
    });
    if (r.status !== 0) throw new Error(`tradelane ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    return r.stdout;
  }

  /** Starts a process; resolves with the first match of `ready` in its stdout (group 1 if any). */
  start(
    args: string[],
    ready: RegExp,
    extra: Record<string, string> = {},
  ): Promise<{ proc: ChildProcess; line: string; output: () => string }> {
    return new Promise((resolve, reject) => {
      const proc = spawn(process.execPath, [CLI, ...args], {
        env: { ...process.env, ...this.env, ...extra },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      this.all.push(proc);
      let out = '';
      let err = '';
      let done = false;
      const timer = setTimeout(() => {
        done = true;
        reject(new Error(`${args[0]} never became ready: ${out.slice(-2000)} ${err.slice(-2000)}`));
      }, 120_000);
      proc.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
        if (err.length > 1e6) err = err.slice(-100_000);
      });
      proc.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.length > 1e6) out = out.slice(-100_000);
        if (done) return;
        const m = ready.exec(out);
        if (m) {
          done = true;
          clearTimeout(timer);
          resolve({ proc, line: m[1] ?? m[0], output: () => out + err });
        }
      });
      proc.once('exit', (code, signal) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        reject(new Error(`${args[0]} exited ${code ?? signal}: ${err.slice(-2000)}`));
      });
    });
  }

  /** Stops every process still running; returns those that did not stop within 15 s of SIGTERM. */
  async stopAll(): Promise<string[]> {
    const slow: string[] = [];
    await Promise.all(
      this.all.map(async (p) => {
        if (p.exitCode !== null || p.signalCode !== null) return;
        const exited = new Promise<boolean>((r) => p.once('exit', () => r(true)));
        p.kill('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        const ok = await Promise.race([
          exited,
          new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 15_000))),
        ]);
        clearTimeout(timer);
        if (!ok) {
          slow.push(p.spawnargs.slice(2).join(' '));
          p.kill('SIGKILL');
        }
      }),
    );
    return slow;
  }
}
