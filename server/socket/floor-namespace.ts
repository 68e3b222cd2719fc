/**
 * `/floor`: the snapshot on connect, then deltas coalesced to at most 4 a second, built once
 * per update (wall displays get it without names), with a heartbeat
 * every second so displays can tell live from stale.
 */
import type { Namespace } from 'socket.io';
import { UPDATE_INTERVAL_MS } from '../../shared/protocol.js';
import { diffSnapshots, wallProjection, type FloorSnapshot } from '../../shared/snapshot.js';
import type { FloorService } from '../services/floor-service.js';
import type { OpsService } from '../services/ops-service.js';
import { registerOpsCommands } from './ops-commands.js';
import type { SocketData, SocketRegistry } from './registry.js';

type Room = 'wall' | 'staff';
const HEARTBEAT_MS = 1000;

export class FloorBroadcaster {
  /** The last snapshot sent (with names); the wall room got its projection. */
  private last: FloorSnapshot | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastSentAt = 0;
  private lastVersion = -1;

  constructor(
    private readonly nsp: Namespace,
    private readonly floor: FloorService,
    private readonly now: () => number = Date.now,
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
    const next = this.floor.snapshot();
    const delta = diffSnapshots(this.last, next);
    this.last = next;
    this.nsp.to('staff').emit('floor:updated', delta);
    const { staff: _names, ...wallDelta } = delta;
    this.nsp.to('wall').emit('floor:updated', wallDelta);
    this.onFanout?.((performance.now() - started) / 1000);
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
