import { io, type Socket } from 'socket.io-client';
import type { FloorClientToServer, FloorServerToClient } from '../../../shared/protocol.js';

/** The typed `/floor` socket: server-to-client events first, as socket.io-client expects. */
export type FloorSocket = Socket<FloorServerToClient, FloorClientToServer>;

/**
 * One socket for the `/floor` namespace. It does not connect until `connect()` is called, and
 * reconnects by itself with backoff (0.5 s doubling to 5 s) after network drops and restarts.
 */
export function createFloorSocket(token: string): FloorSocket {
  return io('/floor', {
    auth: { token },
    autoConnect: false,
    reconnection: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
    randomizationFactor: 0.5,
    timeout: 10_000,
  });
}

/** The console commands: every client-to-server event but the sync. */
export type CommandEvent = Exclude<keyof FloorClientToServer, 'floor:sync'>;
export type CommandOf<E extends CommandEvent> = Parameters<FloorClientToServer[E]>[0];
export type AckOf<E extends CommandEvent> = Parameters<Parameters<FloorClientToServer[E]>[1]>[0];

/** How long a command waits for the server's ack. */
export const COMMAND_TIMEOUT_MS = 8_000;

/**
 * Sends a console command and resolves with the server's ack. Without a live connection, or
 * with no answer within COMMAND_TIMEOUT_MS, it resolves with an `unavailable` error ack instead.
 */
export async function sendCommand<E extends CommandEvent>(socket: FloorSocket, connected: boolean, event: E, cmd: CommandOf<E>): Promise<AckOf<E>> {
  const unavailable = (message: string) => ({ ok: false, error: 'unavailable', message }) as AckOf<E>;
  if (!connected) return unavailable('not connected to the server');
  // socket.io's typed emitWithAck cannot follow a generic event name; the types above can.
  const timed = socket.timeout(COMMAND_TIMEOUT_MS);
  const emit = timed.emitWithAck.bind(timed) as unknown as (event: E, cmd: CommandOf<E>) => Promise<AckOf<E>>;
  try {
    return await emit(event, cmd);
  } catch {
    return unavailable(`no answer from the server within ${COMMAND_TIMEOUT_MS / 1000} s`);
  }
}
