/** Serves the built client; the views are one page routed in the browser. */
import fs from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import type { Router } from './router.js';

export const VIEW_PATHS = ['/', '/wall', '/supervisor', '/lead', '/admin', '/reports', '/plan', '/shift-log'];

export function serveClient(app: Express, router: Router, clientDir: string): void {
  const index = path.join(clientDir, 'index.html');
  app.use('/assets', express.static(path.join(clientDir, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }));
  for (const view of VIEW_PATHS) {
    router.route('get', view, (_req, res) => {
      if (!fs.existsSync(index)) {
        res.status(503).type('text/plain').send('The client is not built yet: run `npm run build` (npm start does it for you).');
        return;
      }
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
    });
  }
}
