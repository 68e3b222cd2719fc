/**
 * `server/main.ts` in a child process on a random port (simulator off unless `env` says so):
 * for the crash and lifecycle tests and the benchmarks, which need a process they can kill.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { testEnv } from './server.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  child: ChildProcess;
  /** What it wrote to stdout, to stderr, and both in arrival order, so far. */
  stdout(): string;
  stderr(): string;
  output(): string;
  /** Resolves with the URL once it is listening; rejects if it exits first or takes too long. */
  listening: Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, resolved once it has exited. */
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();

export function spawnServer(dataDir: string, env: Record<string, string> = {}, timeoutMs = 20_000): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...testEnv(dataDir, env), PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  let err = '';
  let both = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => {
    out += s;
    both += s;
  });
  child.stderr!.setEncoding('utf8').on('data', (s: string) => {
    err += s;
    both += s;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    });
  });
  const listening = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not listening within ${timeoutMs} ms:\n${both}`)), timeoutMs);
    const onData = () => {
      const m = /Floorboard is running at (http:\/\/\S+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code ?? signal}) before listening:\n${both}`));
    });
  });
  listening.catch(() => {});
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return { child, stdout: () => out, stderr: () => err, output: () => both, listening, exited, stop };
}

/** SIGKILLs every child still running (for afterAll). */
export function killAllServers(): void {
  for (const child of children) child.kill('SIGKILL');
}
