/**
 * The live floor use cases: ingest (dedupe → journal → apply → ack), the snapshot, roster,
 * forecast and settings changes, checkpoints and day archiving. Holds the in-memory state;
 * the journal and store do the I/O.
 */
import path from 'node:path';
import type { FloorEvent, IngestResult } from '../../shared/events.js';
import type { ForecastInterval, Roster } from '../../shared/roster.js';
import type { Settings } from '../../shared/settings.js';
import type { DayTotals, FloorSnapshot } from '../../shared/snapshot.js';
import type { Activity } from '../../shared/events.js';
import { addBucket, rates, sumQueues } from '../../shared/floor/metrics.js';
import { applyEvent, BUCKET_MS, bucketOf, currentActivity, emptyBucket, loadFloorState, MINUTE_MS, saveFloorState, pruneBefore, pruneMinutesBefore, waitingCalls, takePresenceBefore, type Bucket, type FloorState, type PresenceMark, type ReducerConfig, type SavedFloorState, type StaffPresence } from '../../shared/floor/state.js';
import { buildSnapshot } from '../../shared/floor/view.js';
import { addDays, dayStart, localDayKey } from '../../shared/time.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { readJsonIfExists, writeFileDurable } from '../store/durable-file.js';
import type { Journal, JournalRecord } from '../store/journal.js';
import type { Store } from '../store/store.js';
import { DEDUP_RETENTION_MS, type Dedup } from './dedup.js';
import { AppError } from './errors.js';

/** Days of aggregates kept live besides today; older ones live in the day archive. */
export const LIVE_DAYS = 2;

/**
 * The state at a journal position. Event ids for de-duplication are not in it: the journal
 * keeps every segment for the id retention time and they are rebuilt from it on start, so a
 * checkpoint stays small and quick however many events arrived.
 */
interface Checkpoint {
  format: 2;
  /** Every journal record up to and including this seq is in `state`. */
  seq: number;
  savedAt: string;
  state: SavedFloorState;
  /** Journal positions by the time they were reached, to drop segments past id retention. */
  marks: JournalMark[];
}

interface JournalMark {
  seq: number;
  atMs: number;
}

/** A new journal segment at most this often, so there are tens of files, not thousands. */
const ROTATE_EVERY_MS = 3600_000;

export interface FloorServiceDeps {
  store: Store;
  journal: Journal;
  clock: Clock;
  logger: Logger;
  timeZone: string;
  simulator: boolean;
  dataDir: string;
}

export class FloorService {
  private state: FloorState;
  private readonly dedup: Dedup;
  private appliedSeq: number;
  private readonly listeners = new Set<() => void>();
  private cached: { key: string; snapshot: FloorSnapshot } | null = null;
  private decorate: ((base: FloorSnapshot) => FloorSnapshot) | null = null;
  /** Changes made by other services (surges, decisions), counted and persisted by them. */
  private externalVersion = 0;
  private checkpointing: Promise<void> | null = null;
  private eventsSinceCheckpoint = 0;
  private marks: JournalMark[];
  private lastRotateAtMs = 0;
  /** The reducer's settings for one local day of receipt, so a batch costs no time-zone arithmetic. */
  private dayConfig: { fromMs: number; toMs: number; cfg: ReducerConfig } | null = null;

  private constructor(
    private readonly deps: FloorServiceDeps,
    checkpoint: Checkpoint | undefined,
    dedup: Dedup,
  ) {
    this.state = loadFloorState(checkpoint?.state);
    this.dedup = dedup;
    this.appliedSeq = checkpoint?.seq ?? 0;
    this.marks = checkpoint?.marks ?? [];
  }

  static checkpointPath(dataDir: string): string {
    return path.join(dataDir, 'checkpoint.json');
  }

  /** Reads the last checkpoint (its seq tells the journal where replay starts). */
  static async readCheckpoint(dataDir: string): Promise<Checkpoint | undefined> {
    const checkpoint = await readJsonIfExists<Checkpoint>(FloorService.checkpointPath(dataDir));
    return checkpoint?.format === 2 ? checkpoint : undefined;
  }

  /**
   * State = checkpoint + replay of the journal records after it. `dedup` holds the ids of
   * every retained journal record (see Journal.open's `onRecord`).
   */
  static restore(deps: FloorServiceDeps, checkpoint: Checkpoint | undefined, records: JournalRecord[], dedup: Dedup): FloorService {
    const service = new FloorService(deps, checkpoint, dedup);
    for (const record of records) if (record.seq > service.appliedSeq) service.applyRecord(record);
    deps.logger.info({ checkpointSeq: checkpoint?.seq ?? 0, replayed: records.length, version: service.state.version }, 'floor state restored');
    return service;
  }

  /** Called after every change (coalesced by the broadcaster). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The snapshot's version: applied events and setup changes, plus what other services changed. */
  get version(): number {
    return this.state.version + this.externalVersion;
  }

  /** Applied events and setup changes only: replaying the journal gives the same number. */
  /** The floor's clock (simulated when the simulator is sped up) and the site's zone. */
  now(): number {
    return this.deps.clock.now();
  }

  get timeZone(): string {
    return this.deps.timeZone;
  }

  /** When the floor first heard anything (0 if never): earlier intervals were not observed. */
  get observedSinceMs(): number {
    return this.state.firstEventAtMs;
  }

  get eventsVersion(): number {
    return this.state.version;
  }

  get lastAppliedSeq(): number {
    return this.appliedSeq;
  }

  /**
   * Accepts a validated batch. Resolves only once the new events are durable; repeats (by
   * `id`, within the batch or seen in the last 49 h) are counted and change nothing.
   * `rawJson` is the batch's JSON text as received, when the transport has it.
   */
  async ingest(events: FloorEvent[], rawJson?: string): Promise<IngestResult> {
    const receivedAtMs = this.deps.clock.now();
    const fresh: FloorEvent[] = [];
    // Ids are remembered from the moment they are queued for the journal, so a concurrent
    // repeat is a duplicate too; its ack still waits until the original is durable.
    for (const e of events) if (this.dedup.addIfNew(e.id, receivedAtMs)) fresh.push(e);
    const duplicates = events.length - fresh.length;
    if (fresh.length === 0) {
      await this.deps.journal.barrier();
      return { accepted: 0, duplicates };
    }
    try {
      // The body as received is the journal's copy when nothing in it was a repeat.
      const json = duplicates === 0 ? rawJson : undefined;
      this.applyRecord(await this.deps.journal.append(fresh, receivedAtMs, json));
    } catch (err) {
      for (const e of fresh) this.dedup.delete(e.id);
      this.deps.logger.error({ err }, 'journal append failed');
      throw new AppError('unavailable', 'events could not be stored; nothing was accepted, retry later');
    }
    return { accepted: fresh.length, duplicates };
  }

  private applyRecord(record: JournalRecord): void {
    const cfg = this.reducerConfig(record.receivedAtMs);
    for (const event of record.events) applyEvent(this.state, event, cfg);
    this.state.lastReceivedAtMs = Math.max(this.state.lastReceivedAtMs ?? 0, record.receivedAtMs);
    this.appliedSeq = record.seq;
    this.eventsSinceCheckpoint += record.events.length;
    this.changed();
  }

  /** Aggregates are kept live for the day of receipt and LIVE_DAYS before it. */
  private reducerConfig(receivedAtMs: number): ReducerConfig {
    const serviceLevelSeconds = this.deps.store.settings().serviceLevelSeconds;
    const cached = this.dayConfig;
    if (cached && receivedAtMs >= cached.fromMs && receivedAtMs < cached.toMs && cached.cfg.serviceLevelSeconds === serviceLevelSeconds) return cached.cfg;
    const { timeZone } = this.deps;
    const day = localDayKey(receivedAtMs, timeZone);
    const cfg = { serviceLevelSeconds, oldestBucketMs: dayStart(addDays(day, -LIVE_DAYS), timeZone) };
    this.dayConfig = { fromMs: dayStart(day, timeZone), toMs: dayStart(addDays(day, 1), timeZone), cfg };
    return cfg;
  }

  private changed(): void {
    this.cached = null;
    for (const l of this.listeners) l();
  }

  /** The live snapshot (names included; the wall gets `wallProjection` of it). */
  snapshot(): FloorSnapshot {
    const now = this.deps.clock.now();
    const key = `${this.version}:${Math.floor(now / 1000)}`;
    if (this.cached?.key === key) return this.cached.snapshot;
    const base = this.baseSnapshot(now);
    const snapshot = { ...(this.decorate ? this.decorate(base) : base), version: this.version };
    this.cached = { key, snapshot };
    return snapshot;
  }

  /** Adds what other services know (surges, the recommendation, moves) to every snapshot. */
  setDecorator(decorate: (base: FloorSnapshot) => FloorSnapshot): void {
    this.decorate = decorate;
    this.cached = null;
  }

  /**
   * Another service changed what the snapshot shows; `externalVersion` is its own rising
   * count, so the snapshot version keeps rising across restarts.
   */
  touch(externalVersion: number): void {
    this.externalVersion = externalVersion;
    this.changed();
  }

  /** The snapshot from the floor state alone, built fresh at `now`. */
  baseSnapshot(now = this.deps.clock.now()): FloorSnapshot {
    const settings = this.deps.store.settings();
    return buildSnapshot({
      state: this.state,
      roster: this.deps.store.roster(),
      forecast: this.deps.store.forecast(),
      config: { timeZone: this.deps.timeZone, intervalMinutes: settings.intervalMinutes, serviceLevelSeconds: settings.serviceLevelSeconds, serviceLevelTarget: settings.serviceLevelTarget },
      now,
      simulator: this.deps.simulator,
    });
  }

  /** Everyone signed in, with seat and current activity. */
  people(): { staffId: string; seatId: string | null; activity: Activity }[] {
    return Object.values(this.state.staff)
      .filter((p) => p.signedIn)
      .map((p) => ({ staffId: p.staffId, seatId: p.seatId, activity: currentActivity(p).activity }));
  }

  /** Everyone the floor has seen recently, signed in or out, as the reducer holds them. */
  presences(): StaffPresence[] {
    return Object.values(this.state.staff).map((p) => ({ ...p }));
  }

  /** Offered, answered, abandoned and rates for calls offered in [startMs, endMs), from the live buckets. */
  totalsBetween(startMs: number, endMs: number): DayTotals {
    const sum = emptyBucket();
    let phoneSeconds = 0;
    for (let b = bucketOf(startMs); b < endMs; b += BUCKET_MS) {
      addBucket(sum, sumQueues(this.state.buckets[String(b)]));
      phoneSeconds += this.state.phoneStaffSeconds[String(b)] ?? 0;
    }
    return { offered: sum.offered, answered: sum.answered, abandoned: sum.abandoned, ...rates(sum, phoneSeconds) };
  }

  /** Sign-ins and sign-outs still in the live window, from `fromMs` on. */
  presenceSince(fromMs: number): PresenceMark[] {
    return this.state.presenceLog.filter((m) => m.atMs >= fromMs);
  }

  /**
   * The live 15-minute figures and staff-seconds on the phones (the days not yet archived),
   * not copied, so read only: history and reports merge them with the day archives.
   */
  liveFigures(): { buckets: Readonly<FloorState['buckets']>; phoneStaffSeconds: Readonly<FloorState['phoneStaffSeconds']> } {
    return { buckets: this.state.buckets, phoneStaffSeconds: this.state.phoneStaffSeconds };
  }

  /** Calls waiting now per queue. */
  waitingByQueue(now = this.deps.clock.now()): Map<string, number> {
    const out = new Map<string, number>();
    for (const w of waitingCalls(this.state, now)) out.set(w.queue, (out.get(w.queue) ?? 0) + 1);
    return out;
  }

  /** Per-minute figures (by minute of offer) from `fromMs` on, oldest first. */
  minutesSince(fromMs: number): { startMs: number; offered: number; answered: number; answeredWithinTarget: number }[] {
    const out: { startMs: number; offered: number; answered: number; answeredWithinTarget: number }[] = [];
    for (let t = Math.floor(fromMs / MINUTE_MS) * MINUTE_MS; t <= this.deps.clock.now(); t += MINUTE_MS) {
      const m = this.state.minutes[String(t)];
      out.push({ startMs: t, offered: m?.offered ?? 0, answered: m?.answered ?? 0, answeredWithinTarget: m?.answeredWithinTarget ?? 0 });
    }
    return out;
  }

  async setRoster(roster: Roster): Promise<void> {
    await this.deps.store.saveRoster(roster);
    this.bumpAndCheckpoint();
  }

  async setForecast(intervals: ForecastInterval[]): Promise<void> {
    await this.deps.store.saveForecast(intervals);
    this.bumpAndCheckpoint();
  }

  async setSettings(settings: Settings): Promise<void> {
    await this.deps.store.saveSettings(settings);
    this.bumpAndCheckpoint();
  }

  private bumpAndCheckpoint(): void {
    this.state.version++;
    this.changed();
    void this.checkpoint().catch((err: unknown) => this.deps.logger.error({ err }, 'checkpoint failed'));
  }

  /** True when enough has happened since the last checkpoint to take another. */
  checkpointDue(maxEvents = 200_000): boolean {
    return this.eventsSinceCheckpoint >= maxEvents;
  }

  /**
   * Archives days that left the live window, then writes the state and the journal position
   * durably, then drops journal segments that the checkpoint covers and whose event ids are
   * past retention. One at a time.
   */
  checkpoint(): Promise<void> {
    if (this.checkpointing) return this.checkpointing;
    this.checkpointing = this.doCheckpoint().finally(() => {
      this.checkpointing = null;
    });
    return this.checkpointing;
  }

  private async doCheckpoint(): Promise<void> {
    const { journal, timeZone, clock, dataDir } = this.deps;
    const now = clock.now();
    this.dedup.prune(now);
    const oldest = dayStart(addDays(localDayKey(now, timeZone), -LIVE_DAYS), timeZone);
    const phoneSeconds = Object.fromEntries(Object.entries(this.state.phoneStaffSeconds).filter(([k]) => Number(k) < oldest));
    const removed = pruneBefore(this.state, oldest);
    pruneMinutesBefore(this.state, now - 3 * 3600_000);
    const presence = takePresenceBefore(this.state, oldest);
    await this.archive(removed, phoneSeconds, presence);
    const wallNow = Date.now();
    if (wallNow - this.lastRotateAtMs >= ROTATE_EVERY_MS) {
      journal.rotate();
      this.lastRotateAtMs = wallNow;
    }
    await journal.barrier();
    this.marks.push({ seq: this.appliedSeq, atMs: now });
    // Segments may go once the checkpoint covers them and their ids are past retention.
    const expired = this.marks.filter((m) => m.atMs < now - DEDUP_RETENTION_MS);
    this.marks = this.marks.filter((m) => m.atMs >= now - DEDUP_RETENTION_MS);
    const checkpoint: Checkpoint = { format: 2, seq: this.appliedSeq, savedAt: new Date(now).toISOString(), state: saveFloorState(this.state), marks: this.marks };
    const json = JSON.stringify(checkpoint);
    this.eventsSinceCheckpoint = 0;
    await writeFileDurable(FloorService.checkpointPath(dataDir), json);
    const pruneSeq = expired.at(-1)?.seq;
    if (pruneSeq !== undefined) await journal.pruneThrough(Math.min(pruneSeq, checkpoint.seq));
  }

  private async archive(buckets: Record<string, Record<string, Bucket>>, phoneStaffSeconds: Record<string, number>, presence: PresenceMark[]): Promise<void> {
    const byDay = new Map<string, { buckets: Record<string, Record<string, Bucket>>; phoneStaffSeconds: Record<string, number>; presence: PresenceMark[] }>();
    const dayOf = (key: string | number) => {
      const day = localDayKey(Number(key), this.deps.timeZone);
      let entry = byDay.get(day);
      if (!entry) byDay.set(day, (entry = { buckets: {}, phoneStaffSeconds: {}, presence: [] }));
      return entry;
    };
    for (const [key, b] of Object.entries(buckets)) dayOf(key).buckets[key] = b;
    for (const [key, s] of Object.entries(phoneStaffSeconds)) dayOf(key).phoneStaffSeconds[key] = s;
    for (const m of presence) dayOf(m.atMs).presence.push(m);
    for (const [day, entry] of byDay) await this.deps.store.archiveDay({ day, ...entry });
  }

  /** Calls not yet finished and staff signed in: what a restarted simulator must close out. */
  openItems(): { calls: { callId: string; answered: boolean }[]; signedIn: string[] } {
    return {
      calls: [...this.state.calls.values()]
        .filter((c) => c.abandonedAtMs === null && c.endedAtMs === null)
        .map((c) => ({ callId: c.callId, answered: c.answeredAtMs !== null })),
      signedIn: Object.values(this.state.staff)
        .filter((p) => p.signedIn)
        .map((p) => p.staffId),
    };
  }
}
