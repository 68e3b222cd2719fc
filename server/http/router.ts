/**
 * Registers HTTP routes only through the authorisation table: a route without a rule cannot
 * be registered, and every request is checked against its rule before the handler runs.
 */
import type { Express, NextFunction, Request, Response } from 'express';
import { allows, HTTP_RULES } from '../auth/authz.js';
import type { Principal } from '../auth/principal.js';
import type { AuthService } from '../services/auth-service.js';
import { AppError } from '../services/errors.js';

export type Method = 'get' | 'post' | 'put' | 'delete';
export type Handler = (req: Request, res: Response, principal: Principal | null) => unknown;

export function bearerToken(req: Request): string | undefined {
  const header = req.get('authorization');
  const m = header ? /^Bearer\s+(.+)$/i.exec(header) : null;
  return m?.[1]?.trim();
}

export class Router {
  readonly registered: string[] = [];

  constructor(
    private readonly app: Express,
    private readonly auth: AuthService,
  ) {}

  route(method: Method, path: string, handler: Handler): void {
    const key = `${method.toUpperCase()} ${path}`;
    const rule = HTTP_RULES[key];
    if (!rule) throw new Error(`no authorisation rule for ${key}`);
    this.registered.push(key);
    this.app[method](path, async (req: Request, res: Response, next: NextFunction) => {
      try {
        let principal: Principal | null = null;
        if (!('public' in rule)) {
          principal = this.auth.authenticate(bearerToken(req));
          if (!principal) throw new AppError('unauthorized', 'missing or invalid credentials');
          if (!allows(rule, principal.role)) throw new AppError('forbidden', `the ${principal.role} role may not ${key}`);
        }
        await handler(req, res, principal);
      } catch (err) {
        next(err);
      }
    });
  }
}
