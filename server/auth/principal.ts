/** Who is calling: a signed-in user, a wall display, or an ACD connector. */
import type { UserRole } from '../../shared/settings.js';

export type Role = UserRole | 'wall' | 'ingest' | 'metrics';

export type Principal =
  | { kind: 'user'; role: UserRole; username: string; staffId: string | null }
  | { kind: 'wall'; role: 'wall'; tokenId: string }
  | { kind: 'ingest'; role: 'ingest' }
  | { kind: 'metrics'; role: 'metrics' };
