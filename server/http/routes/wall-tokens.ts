/** Wall tokens (admin): list, create (the token is shown once), revoke (displays drop at once). */
import { z } from 'zod';
import type { AuthService } from '../../services/auth-service.js';
import { validationError } from '../../services/errors.js';
import type { Router } from '../router.js';

const createSchema = z.strictObject({ label: z.string().trim().min(1, 'a label is required').max(64) });

export function wallTokenRoutes(router: Router, auth: AuthService): void {
  router.route('get', '/api/v1/wall-tokens', (_req, res) => res.json({ tokens: auth.listWallTokens() }));
  router.route('post', '/api/v1/wall-tokens', async (req, res) => {
    const r = createSchema.safeParse(req.body);
    if (!r.success) throw validationError(r.error, 'wall token');
    res.status(201).json(await auth.createWallToken(r.data.label));
  });
  router.route('delete', '/api/v1/wall-tokens/:id', async (req, res) => {
    await auth.revokeWallToken(String(req.params.id));
    res.json({ ok: true });
  });
}
