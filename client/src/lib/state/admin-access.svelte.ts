/**
 * Who may use Floorboard: console users (add, change password, revoke) and wall-display tokens
 * (create — the secret is shown once — and revoke).
 */
import type { UserRole } from '../../../../shared/settings.js';
import { allOf, Task, type AdminApi } from './admin.svelte.js';

export const USER_ROLES = allOf<UserRole>()(['site-supervisor', 'team-lead', 'admin']);

/** A user as the server lists them (never the password hash). */
export interface UserView {
  username: string;
  role: UserRole;
  staffId: string | null;
  revoked: boolean;
  createdAt: string;
}

export interface NewUser {
  username: string;
  password: string;
  role: UserRole;
  staffId: string;
}

const blankUser = (): NewUser => ({ username: '', password: '', role: 'team-lead', staffId: '' });

export class UsersState {
  users = $state.raw<UserView[]>([]);
  draft = $state<NewUser>(blankUser());
  readonly loading = new Task();
  readonly create = new Task();
  /** The last password change or revocation, and whose. */
  readonly change = new Task();
  changed = $state<{ username: string; what: 'password' | 'revoked' } | null>(null);
  /** Messages per field of the new-user form, from the last create. */
  errors = $derived(Object.fromEntries(this.create.issues.map((i) => [i.path.join('.'), i.message])) as Record<string, string>);

  constructor(private readonly api: AdminApi) {}

  async load(): Promise<void> {
    await this.loading.run(async () => {
      this.users = (await this.api.call<{ users: UserView[] }>('GET', '/api/v1/users')).users;
    });
  }

  async add(): Promise<boolean> {
    const d = this.draft;
    const body = { username: d.username.trim(), password: d.password, role: d.role, ...(d.staffId.trim() ? { staffId: d.staffId.trim() } : {}) };
    const ok = await this.create.run(async () => {
      await this.api.call('POST', '/api/v1/users', body);
      await this.load();
    });
    if (ok) this.draft = blankUser();
    return ok;
  }

  async setPassword(username: string, password: string): Promise<boolean> {
    this.changed = null;
    const ok = await this.change.run(() => this.api.call('PUT', `/api/v1/users/${encodeURIComponent(username)}/password`, { password }));
    if (ok) this.changed = { username, what: 'password' };
    return ok;
  }

  async revoke(username: string): Promise<boolean> {
    this.changed = null;
    const ok = await this.change.run(async () => {
      await this.api.call('DELETE', `/api/v1/users/${encodeURIComponent(username)}`);
      await this.load();
    });
    if (ok) this.changed = { username, what: 'revoked' };
    return ok;
  }

  reset(): void {
    this.users = [];
    this.draft = blankUser();
    this.changed = null;
    for (const t of [this.loading, this.create, this.change]) t.reset();
  }
}

export interface WallTokenView {
  id: string;
  label: string;
  createdAt: string;
}

/** The wall-display address for a token, on this server. */
export function wallUrl(origin: string, token: string): string {
  return `${origin}/wall?token=${encodeURIComponent(token)}`;
}

export class WallTokensState {
  tokens = $state.raw<WallTokenView[]>([]);
  label = $state('');
  /** The token just created: its secret exists only here, and only until the next action. */
  created = $state.raw<(WallTokenView & { token: string }) | null>(null);
  readonly loading = new Task();
  readonly create = new Task();
  readonly revoking = new Task();

  constructor(private readonly api: AdminApi) {}

  async load(): Promise<void> {
    await this.loading.run(async () => {
      this.tokens = (await this.api.call<{ tokens: WallTokenView[] }>('GET', '/api/v1/wall-tokens')).tokens;
    });
  }

  async add(): Promise<boolean> {
    this.created = null;
    const ok = await this.create.run(async () => {
      this.created = await this.api.call<WallTokenView & { token: string }>('POST', '/api/v1/wall-tokens', { label: this.label.trim() });
      await this.load();
    });
    if (ok) this.label = '';
    return ok;
  }

  async revoke(id: string): Promise<boolean> {
    if (this.created?.id === id) this.created = null;
    return this.revoking.run(async () => {
      await this.api.call('DELETE', `/api/v1/wall-tokens/${encodeURIComponent(id)}`);
      await this.load();
    });
  }

  /** Forgets the shown secret (the admin has copied it). */
  dismiss(): void {
    this.created = null;
  }

  reset(): void {
    this.tokens = [];
    this.label = '';
    this.created = null;
    for (const t of [this.loading, this.create, this.revoking]) t.reset();
  }
}
