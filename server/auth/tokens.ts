/**
 * User tokens: HMAC-signed, carrying the user, role, token version and expiry, so they
 * survive a server restart and die at once when the user's token version moves on.
 */
import crypto from 'node:crypto';
import type { UserRole } from '../../shared/settings.js';

export interface TokenClaims {
  sub: string;
  role: UserRole;
  ver: number;
  /** Expiry, epoch seconds. */
  exp: number;
}

export function signToken(claims: TokenClaims, secret: string): string {
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const sig = crypto.createHmac('sha256', secret).update(body).digest('base64url');
  return `fb1.${body}.${sig}`;
}

/** The claims of a well-signed, unexpired token; null otherwise. */
export function verifyToken(token: string, secret: string, nowMs: number): TokenClaims | null {
  const [prefix, body, sig] = token.split('.');
  if (prefix !== 'fb1' || !body || !sig) return null;
  const expected = crypto.createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  try {
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenClaims;
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= nowMs) return null;
    return claims;
  } catch {
    return null;
  }
}

/** Constant-time comparison of a presented secret against the known ones. */
export function matchesAny(presented: string, known: string[]): boolean {
  const a = crypto.createHash('sha256').update(presented).digest();
  let hit = false;
  for (const k of known) {
    const b = crypto.createHash('sha256').update(k).digest();
    if (crypto.timingSafeEqual(a, b)) hit = true;
  }
  return hit;
}
