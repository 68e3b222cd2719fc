/**
 * Socket handlers are registered only through the authorisation table: namespace access is
 * checked at the handshake, each event again before its handler runs, and errors are caught
 * here (never thrown into socket.io) and sent as an error ack.
 */
import type { Namespace, Server, Socket } from 'socket.io';
import { allows, NAMESPACE_RULES, SOCKET_RULES } from '../auth/authz.js';
import type { Principal } from '../auth/principal.js';
import type { AuthService } from '../services/auth-service.js';
import { AppError, toErrorBody } from '../services/errors.js';
import type { Logger } from '../logger.js';

export interface SocketData {
  principal: Principal;
}

type AnySocket = Socket<Record<string, never>, Record<string, never>, Record<string, never>, SocketData>;

export class SocketRegistry {
  readonly registered: string[] = [];

  constructor(
    private readonly io: Server,
    private readonly auth: AuthService,
    private readonly logger: Logger,
  ) {}

  /** A namespace whose handshake requires a principal allowed by NAMESPACE_RULES. */
  namespace(name: string): Namespace {
    const roles = NAMESPACE_RULES[name];
    if (!roles) throw new Error(`no authorisation rule for namespace ${name}`);
    const nsp = this.io.of(name);
    nsp.use((socket, next) => {
      const token = typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : undefined;
      const principal = this.auth.authenticate(token);
      if (!principal) return next(new Error('unauthorized'));
      if (!roles.includes(principal.role)) return next(new Error('forbidden'));
      (socket.data as SocketData).principal = principal;
      next();
    });
    return nsp;
  }

  /** Registers `event` on `socket` with the rule `namespace event`; the last argument is the ack. */
  on<A extends unknown[], R>(
    socket: Socket,
    event: string,
    handler: (principal: Principal, ...args: A) => Promise<R> | R,
  ): void {
    const key = `${socket.nsp.name} ${event}`;
    const rule = SOCKET_RULES[key];
    if (!rule) throw new Error(`no authorisation rule for socket event ${key}`);
    if (!this.registered.includes(key)) this.registered.push(key);
    socket.on(event, async (...raw: unknown[]) => {
      const ack = typeof raw[raw.length - 1] === 'function' ? (raw.pop() as (r: unknown) => void) : null;
      const principal = (socket.data as SocketData).principal;
      try {
        if (!allows(rule, principal?.role)) throw new AppError('forbidden', `the ${principal?.role ?? 'anonymous'} role may not ${event}`);
        const result = await handler(principal, ...(raw as A));
        ack?.(result);
      } catch (err) {
        if (!(err instanceof AppError)) this.logger.error({ err, event: key }, 'socket handler failed');
        ack?.({ ok: false, ...toErrorBody(err) });
      }
    });
  }

  /** Ends at once every live socket whose principal `ended` picks (revoked user or wall token). */
  disconnectWhere(ended: (p: Principal) => boolean): void {
    for (const nsp of this.io._nsps.values()) {
      for (const socket of nsp.sockets.values()) {
        const p = (socket as AnySocket).data.principal;
        if (p && ended(p)) socket.disconnect(true);
      }
    }
  }
}
