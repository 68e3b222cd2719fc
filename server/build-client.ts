/**
 * Builds the client when it is missing or older than its sources (used by `npm start`, so a
 * fresh checkout serves a working dashboard at once).
 */
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'vite';

const root = path.resolve(import.meta.dirname, '..');
const index = path.join(root, 'dist/client/index.html');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

const sourcesMtime = Math.max(newestMtime(path.join(root, 'client')), newestMtime(path.join(root, 'shared')), fs.statSync(path.join(root, 'vite.config.ts')).mtimeMs);
if (!fs.existsSync(index) || fs.statSync(index).mtimeMs < sourcesMtime) {
  process.stdout.write('Building the client…\n');
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
}
