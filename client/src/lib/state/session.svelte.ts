/**
 * The signed-in user of a console: token, role and expiry, kept in localStorage so a reload
 * stays signed in until the token expires.
 */
import type { UserRole } from '../../../../shared/settings.js';
import { api } from '../api.js';

const KEY = 'floorboard.session';

interface Stored {
  token: string;
  role: UserRole;
  username: string;
  expiresAt: string;
}

export class Session {
  token = $state<string | null>(null);
  role = $state<UserRole | null>(null);
  username = $state<string | null>(null);
  expiresAt = $state<string | null>(null);

  constructor() {
    try {
      const stored = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Stored | null;
      if (stored && Date.parse(stored.expiresAt) > Date.now()) this.set(stored);
    } catch {
      localStorage.removeItem(KEY);
    }
  }

  get signedIn(): boolean {
    return this.token !== null;
  }

  /** True when the user's role is one of `roles`. */
  allows(roles: readonly UserRole[]): boolean {
    return this.role !== null && roles.includes(this.role);
  }

  async login(username: string, password: string): Promise<void> {
    const r = await api<{ token: string; role: UserRole; expiresAt: string }>(null, 'POST', '/api/v1/login', { username, password });
    const stored: Stored = { token: r.token, role: r.role, username, expiresAt: r.expiresAt };
    localStorage.setItem(KEY, JSON.stringify(stored));
    this.set(stored);
  }

  logout(): void {
    localStorage.removeItem(KEY);
    this.token = this.role = this.username = this.expiresAt = null;
  }

  private set(s: Stored): void {
    this.token = s.token;
    this.role = s.role;
    this.username = s.username;
    this.expiresAt = s.expiresAt;
  }
}
