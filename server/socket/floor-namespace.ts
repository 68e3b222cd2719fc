/**
 * `/floor`: the snapshot on connect, then deltas coalesced to at most 4 a second, worked out
 * once per update and serialised once per room (socket.io encodes a room broadcast once, and
 * the wall's delta is the same without the names), with a heartbeat every second so displays
 * can tell live from stale.
 *
 * A display that stops reading (a frozen TV, a sleeping laptop) must not make the server
 * queue deltas for it without end: once its backlog is over a limit it leaves its room and
 * gets nothing more; when it has drained it rejoins and gets a fresh snapshot, from which the
 * next delta follows on.
 */
import type { Namespace, Socket } from 'socket.io';
import { UPDATE_INTERVAL_MS } from '../../shared/protocol.js';
import { diffSnapshots, wallProjection, type FloorSnapshot } from '../../shared/snapshot.js';
import type { FloorService } from '../services/floor-service.js';
import type { OpsService } from '../services/ops-service.js';
import { registerOpsCommands } from './ops-commands.js';
import type { SocketData, SocketRegistry } from './registry.js';

type Room = 'wall' | 'staff';
const HEARTBEAT_MS = 1000;
/** Packets queued in engine.io for one display (about 2 s of updates) before it is held back. */
export const MAX_QUEUED_PACKETS = 8;
/** Bytes queued in the display's WebSocket (above the kernel's buffers) before it is held back. */
export const MAX_BUFFERED_BYTES = 128 * 1024;

/** What engine.io and ws hold for one connection, read through their (untyped) internals. */
interface ConnInternals {
  writeBuffer?: unknown[];
  transport?: { socket?: { bufferedAmount?: number } };
}

/** Packets and bytes waiting to go out to `socket`. */
export function backlogOf(socket: Socket): { packets: number; bytes: number } {
  const conn = socket.conn as unknown as ConnInternals;
  return { packets: conn.writeBuffer?.length ?? 0, bytes: conn.transport?.socket?.bufferedAmount ?? 0 };
}

export class FloorBroadcaster {
  /** The last snapshot sent (with names); the wall room got its projection. */
  private last: FloorSnapshot | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastSentAt = 0;
  private lastVersion = -1;
  /** Displays held back from their room until they drain. */
  private readonly lagging = new Map<Socket, Room>();

  constructor(
    private readonly nsp: Namespace,
    private readonly floor: FloorService,
    private readonly now: () => number = Date.now,
    private readonly backlog: (socket: Socket) => { packets: number; bytes: number } = backlogOf,
  ) {}

  /** The snapshot a joining client gets: the last one broadcast, so the next delta follows on. */
  current(room: Room): FloorSnapshot {
    this.last ??= this.floor.snapshot();
    return room === 'wall' ? wallProjection(this.last) : this.last;
  }

  start(): void {
    this.timer ??= setInterval(() => this.tick(), UPDATE_INTERVAL_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * Sends a delta when something changed, or as a heartbeat. The delta is worked out once;
   * the wall's is the same without the names.
   */
  tick(): void {
    const now = this.now();
    if (!this.last || (this.floor.version === this.lastVersion && now - this.lastSentAt < HEARTBEAT_MS)) return;
    this.lastVersion = this.floor.version;
    this.lastSentAt = now;
    const started = performance.now();
    this.holdBackLagging();
    const next = this.floor.snapshot();
    const delta = diffSnapshots(this.last, next);
    this.last = next;
    this.nsp.to('staff').emit('floor:updated', delta);
    const { staff: _names, ...wallDelta } = delta;
    this.nsp.to('wall').emit('floor:updated', wallDelta);
    this.onFanout?.((performance.now() - started) / 1000);
  }

  /** Takes displays that are not reading out of their room; brings back those that drained. */
  private holdBackLagging(): void {
    for (const [socket, room] of this.lagging) {
      if (!socket.connected) this.lagging.delete(socket);
      else if (this.isDrained(socket)) {
        this.lagging.delete(socket);
        void socket.join(room);
        socket.emit('snapshot', this.current(room));
      }
    }
    for (const socket of this.nsp.sockets.values()) {
      if (this.lagging.has(socket)) continue;
      const { packets, bytes } = this.backlog(socket);
      if (packets <= MAX_QUEUED_PACKETS && bytes <= MAX_BUFFERED_BYTES) continue;
      const room: Room = socket.rooms.has('wall') ? 'wall' : 'staff';
      void socket.leave(room);
      this.lagging.set(socket, room);
    }
  }

  private isDrained(socket: Socket): boolean {
    const { packets, bytes } = this.backlog(socket);
    return packets === 0 && bytes === 0;
  }

  /** Told how long each update took to build and send to every display (seconds). */
  onFanout: ((seconds: number) => void) | null = null;
}

export function floorNamespace(registry: SocketRegistry, floor: FloorService, ops: OpsService | null): FloorBroadcaster {
  const nsp = registry.namespace('/floor');
  const broadcaster = new FloorBroadcaster(nsp, floor);
  nsp.on('connection', (socket) => {
    const room: Room = (socket.data as SocketData).principal.role === 'wall' ? 'wall' : 'staff';
    void socket.join(room);
    socket.emit('snapshot', broadcaster.current(room));
    registry.on(socket, 'floor:sync', () => ({ ok: true, data: broadcaster.current(room) }));
    // Every socket gets the command handlers; the authorisation table refuses the wall.
    if (ops) registerOpsCommands(registry, socket, ops);
  });
  return broadcaster;
}
