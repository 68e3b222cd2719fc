/** Sign-in and user accounts. */
import { z } from 'zod';
import { userRoleSchema } from '../../../shared/settings.js';
import type { AuthService } from '../../services/auth-service.js';
import { AppError, validationError } from '../../services/errors.js';
import type { Router } from '../router.js';

const loginSchema = z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });
const usernameSchema = z.string().regex(/^[a-zA-Z0-9._-]{1,64}$/, 'letters, digits, . _ - only');
const newUserSchema = z.strictObject({
  username: usernameSchema,
  password: z.string().min(8, 'at least 8 characters').max(256),
  role: userRoleSchema,
  staffId: z.string().min(1).max(128).nullable().optional(),
});
const passwordSchema = z.strictObject({ password: z.string().min(8, 'at least 8 characters').max(256) });

function parse<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const r = schema.safeParse(body);
  if (!r.success) throw validationError(r.error, what);
  return r.data;
}

export function userRoutes(router: Router, auth: AuthService): void {
  router.route('post', '/api/v1/login', async (req, res) => {
    const { username, password } = parse(loginSchema, req.body, 'login');
    res.json(await auth.login(username, password));
  });
  router.route('get', '/api/v1/me', (_req, res, principal) => {
    if (principal?.kind !== 'user') throw new AppError('unauthorized', 'not signed in');
    res.json({ username: principal.username, role: principal.role, staffId: principal.staffId });
  });
  router.route('get', '/api/v1/users', (_req, res) => {
    res.json({ users: auth.listUsers() });
  });
  router.route('post', '/api/v1/users', async (req, res) => {
    await auth.createUser(parse(newUserSchema, req.body, 'user'));
    res.status(201).json({ ok: true });
  });
  router.route('put', '/api/v1/users/:username/password', async (req, res, principal) => {
    const { password } = parse(passwordSchema, req.body, 'password change');
    await auth.changePassword(principal!, String(req.params.username), password);
    res.json({ ok: true });
  });
  router.route('delete', '/api/v1/users/:username', async (req, res, principal) => {
    await auth.revokeUser(principal!, String(req.params.username));
    res.json({ ok: true });
  });
}
