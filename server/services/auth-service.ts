/**
 * Sign-in, tokens and users. Authorises → validates → changes → persists → notifies, like
 * every service; the HTTP and socket adapters stay thin.
 */
import crypto from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { UserRole } from '../../shared/settings.js';
import type { Clock } from '../clock.js';
import type { Principal } from '../auth/principal.js';
import { matchesAny, signToken, verifyToken } from '../auth/tokens.js';
import { randomSecret } from '../store/lowdb-store.js';
import type { Store, UserRecord } from '../store/store.js';
import { AppError } from './errors.js';

const BCRYPT_COST = 10;

export interface LoginResult {
  token: string;
  role: UserRole;
  expiresAt: string;
}

export interface AuthServiceOptions {
  store: Store;
  clock: Clock;
  tokenTtlSeconds: number;
  /** Keys and tokens given by environment, valid besides the stored ones. */
  extraIngestKeys: string[];
  /** The metrics token, when configured. */
  metricsTokens?: string[];
  extraWallTokens: string[];
}

export class AuthService {
  private readonly listeners = new Set<(ended: (p: Principal) => boolean) => void>();
  private dummyHash: string | undefined;

  constructor(private readonly opts: AuthServiceOptions) {}

  /** Called with a test for principals whose live sessions must end (password changed, user or wall token revoked). */
  onRevoked(listener: (ended: (p: Principal) => boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async login(username: string, password: string): Promise<LoginResult> {
    const user = this.opts.store.users().find((u) => u.username === username);
    // Compare against a dummy hash for unknown users so timing does not reveal who exists.
    const hash = user?.passwordHash ?? (this.dummyHash ??= await bcrypt.hash('not a password', BCRYPT_COST));
    const ok = await bcrypt.compare(password, hash);
    if (!user || !ok || user.revoked) throw new AppError('unauthorized', 'wrong username or password');
    // Token lifetimes are real time, whatever the floor's (possibly simulated) clock says.
    const exp = Math.floor(Date.now() / 1000) + this.opts.tokenTtlSeconds;
    const token = signToken({ sub: user.username, role: user.role, ver: user.tokenVersion, exp }, this.opts.store.secrets().tokenSecret);
    return { token, role: user.role, expiresAt: new Date(exp * 1000).toISOString() };
  }

  /** Who a bearer token belongs to, or null when it is unknown, expired or revoked. */
  authenticate(token: string | undefined): Principal | null {
    if (!token) return null;
    const secrets = this.opts.store.secrets();
    if (token.startsWith('fb1.')) {
      const claims = verifyToken(token, secrets.tokenSecret, Date.now());
      if (!claims) return null;
      const user = this.opts.store.users().find((u) => u.username === claims.sub);
      if (!user || user.revoked || user.tokenVersion !== claims.ver) return null;
      return { kind: 'user', role: user.role, username: user.username, staffId: user.staffId };
    }
    for (const w of secrets.wallTokens) if (matchesAny(token, [w.token])) return { kind: 'wall', role: 'wall', tokenId: w.id };
    if (matchesAny(token, this.opts.extraWallTokens)) return { kind: 'wall', role: 'wall', tokenId: 'env' };
    if (matchesAny(token, [secrets.ingestKey, ...this.opts.extraIngestKeys])) return { kind: 'ingest', role: 'ingest' };
    if (this.opts.metricsTokens?.length && matchesAny(token, this.opts.metricsTokens)) return { kind: 'metrics', role: 'metrics' };
    return null;
  }

  listUsers(): Omit<UserRecord, 'passwordHash'>[] {
    return this.opts.store.users().map(({ passwordHash: _hash, ...rest }) => rest);
  }

  async createUser(input: { username: string; password: string; role: UserRole; staffId?: string | null }): Promise<void> {
    if (this.opts.store.users().some((u) => u.username === input.username)) throw new AppError('conflict', `user "${input.username}" already exists`);
    await this.opts.store.saveUser({
      username: input.username,
      role: input.role,
      passwordHash: await bcrypt.hash(input.password, BCRYPT_COST),
      tokenVersion: 1,
      revoked: false,
      staffId: input.staffId ?? null,
      createdAt: new Date(this.opts.clock.now()).toISOString(),
    });
  }

  /** Users change their own password; an admin may change anyone's. Ends the user's sessions. */
  async changePassword(actor: Principal, username: string, password: string): Promise<void> {
    if (actor.kind !== 'user' || (actor.role !== 'admin' && actor.username !== username)) {
      throw new AppError('forbidden', 'only an admin may change another user\'s password');
    }
    const user = this.requireUser(username);
    await this.opts.store.saveUser({ ...user, passwordHash: await bcrypt.hash(password, BCRYPT_COST), tokenVersion: user.tokenVersion + 1 });
    this.invalidate(username);
  }

  async revokeUser(actor: Principal, username: string): Promise<void> {
    if (actor.kind === 'user' && actor.username === username) throw new AppError('conflict', 'you cannot revoke yourself');
    const user = this.requireUser(username);
    await this.opts.store.saveUser({ ...user, revoked: true, tokenVersion: user.tokenVersion + 1 });
    this.invalidate(username);
  }

  /**
   * First start: the admin account. The environment's password, when given, is authoritative.
   * Returns the generated password when one was made (to print once).
   */
  async ensureAdmin(envPassword: string | undefined): Promise<string | null> {
    const admin = this.opts.store.users().find((u) => u.username === 'admin');
    if (admin) {
      if (envPassword && !(await bcrypt.compare(envPassword, admin.passwordHash))) {
        await this.opts.store.saveUser({ ...admin, passwordHash: await bcrypt.hash(envPassword, BCRYPT_COST), tokenVersion: admin.tokenVersion + 1, revoked: false });
      }
      return null;
    }
    const password = envPassword ?? crypto.randomBytes(12).toString('base64url');
    await this.createUser({ username: 'admin', password, role: 'admin' });
    return envPassword ? null : password;
  }

  private requireUser(username: string): UserRecord {
    const user = this.opts.store.users().find((u) => u.username === username);
    if (!user) throw new AppError('not_found', `no user "${username}"`);
    return user;
  }

  private invalidate(username: string): void {
    for (const l of this.listeners) l((p) => p.kind === 'user' && p.username === username);
  }

  /** Wall tokens without the secret (shown once, when created). */
  listWallTokens(): { id: string; label: string; createdAt: string }[] {
    const stored = this.opts.store.secrets().wallTokens.map(({ token: _t, ...rest }) => rest);
    return this.opts.extraWallTokens.length ? [...stored, { id: 'env', label: 'FLOORBOARD_WALL_TOKEN', createdAt: '' }] : stored;
  }

  async createWallToken(label: string): Promise<{ id: string; label: string; token: string; createdAt: string }> {
    const secrets = this.opts.store.secrets();
    const id = `w${crypto.randomBytes(4).toString('hex')}`;
    const created = { id, label, token: randomSecret(), createdAt: new Date(this.opts.clock.now()).toISOString() };
    await this.opts.store.saveSecrets({ ...secrets, wallTokens: [...secrets.wallTokens, created] });
    return created;
  }

  /** Revokes a wall token: displays using it drop at once and cannot reconnect. */
  async revokeWallToken(id: string): Promise<void> {
    if (id === 'env') throw new AppError('conflict', 'that token is set by FLOORBOARD_WALL_TOKEN; change the environment to revoke it');
    const secrets = this.opts.store.secrets();
    if (!secrets.wallTokens.some((w) => w.id === id)) throw new AppError('not_found', `no wall token "${id}"`);
    await this.opts.store.saveSecrets({ ...secrets, wallTokens: secrets.wallTokens.filter((w) => w.id !== id) });
    for (const l of this.listeners) l((p) => p.kind === 'wall' && p.tokenId === id);
  }
}
