import { applyDelta, wallProjection, type FloorDelta, type FloorSnapshot } from '../../../../shared/snapshot.js';
import type { FloorSocket } from '../socket.js';

/** The wall calls its data stale after this long without a snapshot or update. */
export const STALE_AFTER_MS = 10_000;
/** Connected but silent this long: the link is probably half-open, so reconnect. */
export const RECONNECT_SILENT_MS = 20_000;
/** The server should send a snapshot on connect; if not within this, ask for one. */
const SNAPSHOT_GRACE_MS = 3_000;
const SYNC_TIMEOUT_MS = 5_000;
/** socket.io does not retry a refused handshake or a server-side disconnect by itself. */
const RETRY_REFUSED_MS = 30_000;
const RETRY_CLOSED_MS = 2_000;
/** Clock-offset smoothing: how far the estimate may sink per message, and a jump that resets it. */
const OFFSET_SINK_MS = 10;
const OFFSET_RESET_MS = 5_000;

export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'disconnected' | 'unauthorized';

export interface FloorStateOptions {
  /** A monotonic millisecond clock; defaults to `performance.now` (immune to TV clock changes). */
  now?: () => number;
  /** Drop staff names on arrival (the wall must never hold them, let alone show them). */
  dropNames?: boolean;
}

/**
 * The live floor as the wall sees it: the latest snapshot, the connection, and a clock that
 * ticks every second so data age and staleness update on their own.
 *
 * `snapshot` is replaced whole on every change (`$state.raw`): `applyDelta` returns a new
 * object and keeps unchanged seat objects, so only seats that changed re-render.
 */
export class FloorState {
  snapshot = $state.raw<FloorSnapshot | null>(null);
  status = $state<ConnectionStatus>('idle');
  /** Local monotonic time (ms) when the last snapshot or update arrived; null before the first. */
  lastUpdateMs = $state<number | null>(null);
  /** Local monotonic time (ms), refreshed every second. */
  clockMs = $state(0);
  /**
   * Server epoch time minus local monotonic time, from each message's `at`: times on the wall
   * follow the server's clock, so a TV with a wrong clock still shows the right time.
   */
  serverOffsetMs = $state(0);

  stale = $derived(this.status !== 'connected' || this.lastUpdateMs === null || this.clockMs - this.lastUpdateMs > STALE_AFTER_MS);
  /** Milliseconds since the last snapshot or update arrived, or null before the first. */
  dataAgeMs = $derived(this.lastUpdateMs === null ? null : Math.max(0, this.clockMs - this.lastUpdateMs));
  /** The server's "now" in epoch ms, ticking with the clock (0-based until the first message). */
  serverNowMs = $derived(this.clockMs + this.serverOffsetMs);

  #socket: FloorSocket;
  #now: () => number;
  #dropNames: boolean;
  #clockTimer: ReturnType<typeof setTimeout> | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #graceTimer: ReturnType<typeof setTimeout> | undefined;
  #syncing = false;
  #offsetSampled = false;
  #snapshotSinceConnect = false;
  #connectedAtMs = 0;

  constructor(socket: FloorSocket, options: FloorStateOptions = {}) {
    this.#socket = socket;
    this.#now = options.now ?? (() => performance.now());
    this.#dropNames = options.dropNames ?? false;
    this.clockMs = this.#now();
  }

  /** Attaches the listeners, starts the clock and connects. */
  start(): void {
    const s = this.#socket;
    s.on('connect', this.#onConnect);
    s.on('disconnect', this.#onDisconnect);
    s.on('connect_error', this.#onConnectError);
    s.on('snapshot', this.#onSnapshot);
    s.on('floor:updated', this.#onUpdated);
    this.#tick();
    this.status = 'connecting';
    s.connect();
  }

  /** Detaches everything and closes the socket. */
  stop(): void {
    clearTimeout(this.#clockTimer);
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#graceTimer);
    const s = this.#socket;
    s.off('connect', this.#onConnect);
    s.off('disconnect', this.#onDisconnect);
    s.off('connect_error', this.#onConnectError);
    s.off('snapshot', this.#onSnapshot);
    s.off('floor:updated', this.#onUpdated);
    s.disconnect();
    this.status = 'idle';
  }

  /** Asks the server for a fresh snapshot (after a version gap); one request at a time. */
  async sync(): Promise<void> {
    if (this.#syncing || !this.#socket.connected) return;
    this.#syncing = true;
    try {
      const result = await this.#socket.timeout(SYNC_TIMEOUT_MS).emitWithAck('floor:sync');
      if (result.ok) this.#accept(result.data);
    } catch {
      // Timed out: the stale check shows it, and the next update or tick tries again.
    } finally {
      this.#syncing = false;
    }
  }

  #tick = (): void => {
    const now = this.#now();
    this.clockMs = now;
    if (this.status === 'connected' && now - this.#connectedAtMs > RECONNECT_SILENT_MS) {
      const silentMs = now - (this.lastUpdateMs ?? this.#connectedAtMs);
      if (silentMs > RECONNECT_SILENT_MS) this.#cycle();
      else if (silentMs > STALE_AFTER_MS) void this.sync();
    }
    // Land just after each whole server second so the clock flips on time.
    const serverMs = now + this.serverOffsetMs;
    this.#clockTimer = setTimeout(this.#tick, 1000 - (((serverMs % 1000) + 1000) % 1000) + 10);
  };

  #cycle(): void {
    this.#socket.disconnect();
    this.status = 'connecting';
    this.#socket.connect();
  }

  #onConnect = (): void => {
    clearTimeout(this.#retryTimer);
    this.status = 'connected';
    this.#connectedAtMs = this.#now();
    this.#snapshotSinceConnect = false;
    clearTimeout(this.#graceTimer);
    this.#graceTimer = setTimeout(() => {
      if (!this.#snapshotSinceConnect) void this.sync();
    }, SNAPSHOT_GRACE_MS);
  };

  #onDisconnect = (reason: string): void => {
    this.status = 'disconnected';
    // The manager reconnects by itself unless the server closed us deliberately.
    if (reason === 'io server disconnect') this.#retryLater(RETRY_CLOSED_MS);
  };

  #onConnectError = (err: Error & { data?: { error?: string } }): void => {
    if (this.#socket.active) {
      this.status = 'disconnected';
      return;
    }
    // The handshake was refused by the server's middleware: no automatic retry.
    const refused = err.message === 'unauthorized' || err.message === 'forbidden' || err.data?.error === 'unauthorized';
    this.status = refused ? 'unauthorized' : 'disconnected';
    this.#retryLater(refused ? RETRY_REFUSED_MS : RETRY_CLOSED_MS);
  };

  #retryLater(ms: number): void {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => {
      if (!this.#socket.connected) this.#socket.connect();
    }, ms);
  }

  #onSnapshot = (snapshot: FloorSnapshot): void => {
    this.#snapshotSinceConnect = true;
    this.#accept(snapshot);
  };

  #onUpdated = (delta: FloorDelta): void => {
    const current = this.snapshot;
    if (!current) {
      void this.sync();
      return;
    }
    // An update we already hold (it crossed a sync in flight): nothing to do.
    if (delta.f < current.version && delta.v <= current.version) return;
    const next = applyDelta(current, delta);
    if (next) this.#accept(next);
    else void this.sync();
  };

  /**
   * A message is built before it arrives, so `at - receivedAt` never overshoots the true
   * offset (`at` is whole seconds, so samples run up to a second low): keep the highest recent
   * sample and let it sink slowly, so the wall clock does not jitter with every update. A jump
   * of more than a few seconds (server clock stepped, TV woke from sleep) resets it at once.
   */
  #sampleOffset(sampleMs: number): void {
    const drifted = this.serverOffsetMs - OFFSET_SINK_MS;
    const first = !this.#offsetSampled || Math.abs(sampleMs - this.serverOffsetMs) > OFFSET_RESET_MS;
    this.#offsetSampled = true;
    this.serverOffsetMs = first ? sampleMs : Math.max(sampleMs, drifted);
  }

  #accept(snapshot: FloorSnapshot): void {
    const now = this.#now();
    this.snapshot = this.#dropNames && snapshot.staff ? wallProjection(snapshot) : snapshot;
    this.lastUpdateMs = now;
    this.clockMs = now;
    const serverMs = Date.parse(snapshot.at);
    if (Number.isFinite(serverMs)) this.#sampleOffset(serverMs - now);
  }
}
