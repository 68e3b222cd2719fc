/**
 * The one authorisation table: every HTTP route and socket event is listed here with the
 * roles allowed to call it. Registering a route or handler without a rule fails at start,
 * and a test checks that every registered one has a rule. The wall role can only read.
 */
import type { Role } from './principal.js';

const READERS: Role[] = ['wall', 'site-supervisor', 'team-lead', 'admin'];
const USERS: Role[] = ['site-supervisor', 'team-lead', 'admin'];
const ADMIN: Role[] = ['admin'];
/** Site supervisor and up. */
const SUPERVISORS: Role[] = ['site-supervisor', 'admin'];
/** Team lead and up. */
const LEADS: Role[] = ['team-lead', 'site-supervisor', 'admin'];

export type Rule = { public: true } | { roles: Role[]; mutates: boolean };

/** `METHOD /path` as registered with express. */
export const HTTP_RULES: Record<string, Rule> = {
  'GET /healthz': { public: true },
  'GET /metrics': { roles: ['admin', 'metrics'], mutates: false },
  // The client's pages: the wall's token and the consoles' sign-in are checked by the API.
  'GET /': { public: true },
  'GET /wall': { public: true },
  'GET /supervisor': { public: true },
  'GET /lead': { public: true },
  'GET /admin': { public: true },
  'GET /reports': { public: true },
  'GET /plan': { public: true },
  'GET /shift-log': { public: true },
  'POST /api/v1/login': { public: true },
  'POST /api/v1/events': { roles: ['ingest'], mutates: true },
  'GET /api/v1/floor': { roles: READERS, mutates: false },
  'GET /api/v1/me': { roles: USERS, mutates: false },
  'GET /api/v1/roster': { roles: USERS, mutates: false },
  'PUT /api/v1/roster': { roles: ADMIN, mutates: true },
  'GET /api/v1/forecast': { roles: USERS, mutates: false },
  'PUT /api/v1/forecast': { roles: ADMIN, mutates: true },
  // Generating saves nothing, but it is the admin's tool and reads 26 weeks of history.
  'POST /api/v1/forecast/generate': { roles: ADMIN, mutates: false },
  'POST /api/v1/forecast/publish': { roles: ADMIN, mutates: true },
  'GET /api/v1/settings': { roles: USERS, mutates: false },
  'PUT /api/v1/settings': { roles: ADMIN, mutates: true },
  'GET /api/v1/users': { roles: ADMIN, mutates: false },
  'POST /api/v1/users': { roles: ADMIN, mutates: true },
  'PUT /api/v1/users/:username/password': { roles: USERS, mutates: true },
  'DELETE /api/v1/users/:username': { roles: ADMIN, mutates: true },
  'GET /api/v1/shift-log': { roles: USERS, mutates: false },
  'GET /api/v1/shift-log.csv': { roles: USERS, mutates: false },
  'GET /api/v1/wall-tokens': { roles: ADMIN, mutates: false },
  'POST /api/v1/wall-tokens': { roles: ADMIN, mutates: true },
  'DELETE /api/v1/wall-tokens/:id': { roles: ADMIN, mutates: true },
  'GET /api/v1/adherence': { roles: LEADS, mutates: false },
  'GET /api/v1/history': { roles: USERS, mutates: false },
  'POST /api/v1/history': { roles: ADMIN, mutates: true },
  'GET /api/v1/reports/five-tables': { roles: USERS, mutates: false },
  'GET /api/v1/reports/five-tables.csv': { roles: USERS, mutates: false },
  'GET /api/v1/plan': { roles: USERS, mutates: false },
  'PUT /api/v1/plan': { roles: LEADS, mutates: true },
  'GET /api/v1/plan/checks': { roles: USERS, mutates: false },
  'GET /api/v1/holidays': { roles: USERS, mutates: false },
  'PUT /api/v1/holidays': { roles: ADMIN, mutates: true },
  'GET /api/v1/attendance': { roles: USERS, mutates: false },
  'GET /api/v1/attendance.csv': { roles: USERS, mutates: false },
  'POST /api/v1/attendance/leave': { roles: LEADS, mutates: true },
  'DELETE /api/v1/attendance/leave/:id': { roles: LEADS, mutates: true },
  'GET /api/v1/staffing': { roles: USERS, mutates: false },
};

/** Socket namespaces: who may connect. */
export const NAMESPACE_RULES: Record<string, Role[]> = {
  // socket.io always has the root namespace; nobody may use it.
  '/': [],
  '/ingest': ['ingest'],
  '/floor': READERS,
};

/** `namespace event` for every client-to-server socket event. */
export const SOCKET_RULES: Record<string, Rule> = {
  '/ingest events': { roles: ['ingest'], mutates: true },
  '/floor floor:sync': { roles: READERS, mutates: false },
  '/floor recommendation:accept': { roles: SUPERVISORS, mutates: true },
  '/floor recommendation:decline': { roles: SUPERVISORS, mutates: true },
  '/floor surge:declare': { roles: SUPERVISORS, mutates: true },
  '/floor surge:end': { roles: SUPERVISORS, mutates: true },
  '/floor staff:move': { roles: LEADS, mutates: true },
  '/floor staff:sign-in': { roles: LEADS, mutates: true },
  '/floor staff:sign-out': { roles: LEADS, mutates: true },
  '/floor log:note': { roles: LEADS, mutates: true },
  '/floor log:close-problem': { roles: LEADS, mutates: true },
  '/floor log:correct': { roles: LEADS, mutates: true },
  '/floor handover:sign': { roles: SUPERVISORS, mutates: true },
  '/floor handover:confirm': { roles: SUPERVISORS, mutates: true },
};

export function allows(rule: Rule | undefined, role: Role | undefined): boolean {
  if (!rule) return false;
  if ('public' in rule) return true;
  return role !== undefined && rule.roles.includes(role);
}
