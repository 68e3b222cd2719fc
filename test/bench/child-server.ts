/** Starts `server/main.ts` in a child process on a random port (simulator off) and waits until it listens. */
import type { ChildProcess } from 'node:child_process';
import { spawnServer } from '../helpers/child-server.js';

export interface ChildServer {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startChildServer(dataDir: string, extraEnv: Record<string, string> = {}): Promise<ChildServer> {
  const server = spawnServer(dataDir, extraEnv);
  return { url: await server.listening, child: server.child, stop: server.stop };
}
