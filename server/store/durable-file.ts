/**
 * Small durable-file helpers for the store: whole-file replacement that survives a crash or
 * power loss at any point, and a tolerant JSON reader.
 */
import { randomUUID } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** True for Node's errno-style errors (`ENOENT`, `EACCES`, …). */
export function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}

/**
 * Fsyncs a directory so that entries created, renamed or removed in it survive a power loss.
 * A file's own fsync does not cover its name in the directory.
 */
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `path` with `data` atomically and durably: writes a temp file in the same
 * directory, fsyncs it, renames it over the target and fsyncs the directory. Readers (and a
 * restart after a crash) see either the old content or the new, never a mix or an empty file.
 *
 * @example await writeFileDurable('data/checkpoint.json', JSON.stringify(state));
 */
export async function writeFileDurable(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  const tempPath = join(dir, `.${basename(path)}.${randomUUID()}.tmp`);
  try {
    const handle = await open(tempPath, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tempPath, path);
  } catch (error) {
    await rm(tempPath, { force: true });
    throw error;
  }
  await fsyncDir(dir);
}

/**
 * Reads and parses a JSON file, or returns `undefined` when it does not exist. The content is
 * not validated: callers that need a shape should check it (for example with a zod schema).
 */
export async function readJsonIfExists<T>(path: string): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isErrnoException(error) && error.code === 'ENOENT') return undefined;
    throw error;
  }
  return JSON.parse(text) as T;
}
