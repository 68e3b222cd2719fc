/** Supervisor and team-lead commands on `/floor`: validate, then hand to the ops service. */
import type { Socket } from 'socket.io';
import type { z } from 'zod';
import {
  acceptSchema,
  closeProblemSchema,
  confirmHandoverSchema,
  correctSchema,
  declareSchema,
  declineSchema,
  endSurgeSchema,
  moveSchema,
  noteSchema,
  signHandoverSchema,
  signInSchema,
  signOutSchema,
} from '../../shared/commands.js';
import type { Principal } from '../auth/principal.js';
import { validationError } from '../services/errors.js';
import type { OpsService } from '../services/ops-service.js';
import type { SocketRegistry } from './registry.js';

function parse<T>(schema: z.ZodType<T>, payload: unknown, what: string): T {
  const r = schema.safeParse(payload);
  if (!r.success) throw validationError(r.error, what);
  return r.data;
}

/** Who acted, for the shift log: their staff ID when the account has one. */
export function actorOf(p: Principal): string {
  return p.kind === 'user' ? (p.staffId ?? p.username) : p.kind;
}

export function registerOpsCommands(registry: SocketRegistry, socket: Socket, ops: OpsService): void {
  registry.on(socket, 'recommendation:accept', async (p, payload: unknown) => ({ ok: true, data: await ops.accept(actorOf(p), parse(acceptSchema, payload, 'acceptance')) }));
  registry.on(socket, 'recommendation:decline', async (p, payload: unknown) => ({ ok: true, data: await ops.decline(actorOf(p), parse(declineSchema, payload, 'decline')) }));
  registry.on(socket, 'surge:declare', async (p, payload: unknown) => ({ ok: true, data: await ops.declare(actorOf(p), parse(declareSchema, payload, 'declaration')) }));
  registry.on(socket, 'surge:end', async (p, payload: unknown) => {
    await ops.endDeclared(actorOf(p), parse(endSurgeSchema, payload, 'surge end').id);
    return { ok: true, data: null };
  });
  registry.on(socket, 'staff:sign-in', async (p, payload: unknown) => ({ ok: true, data: await ops.manualSignIn(actorOf(p), parse(signInSchema, payload, 'sign-in')) }));
  registry.on(socket, 'staff:sign-out', async (p, payload: unknown) => ({ ok: true, data: await ops.manualSignOut(actorOf(p), parse(signOutSchema, payload, 'sign-out')) }));
  registry.on(socket, 'log:note', async (p, payload: unknown) => ({ ok: true, data: await ops.note(actorOf(p), parse(noteSchema, payload, 'note')) }));
  registry.on(socket, 'log:close-problem', async (p, payload: unknown) => ({ ok: true, data: await ops.closeProblem(actorOf(p), parse(closeProblemSchema, payload, 'problem close')) }));
  registry.on(socket, 'log:correct', async (p, payload: unknown) => ({ ok: true, data: await ops.correct(actorOf(p), parse(correctSchema, payload, 'correction')) }));
  registry.on(socket, 'handover:sign', async (p, payload: unknown) => {
    parse(signHandoverSchema, payload ?? {}, 'handover');
    return { ok: true, data: await ops.signHandover(actorOf(p)) };
  });
  registry.on(socket, 'handover:confirm', async (p, payload: unknown) => ({ ok: true, data: await ops.confirmHandover(actorOf(p), parse(confirmHandoverSchema, payload, 'confirmation').shift) }));
  registry.on(socket, 'staff:move', async (p, payload: unknown) => ({ ok: true, data: await ops.move(actorOf(p), parse(moveSchema, payload, 'move')) }));
}
