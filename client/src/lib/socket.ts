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
