/**
 * Surges, the staffing recommendation and moves, wired to the live floor: on a steady tick it
 * reads the floor, runs the pure detector and recommender, logs what changed to the shift log
 * and keeps what supervisors decided. Commands are authorised by the socket layer; this checks
 * them against the current state and persists before answering.
 */
import { randomUUID } from 'node:crypto';
import type { AcceptCommand, CloseProblemCommand, CorrectCommand, DeclareCommand, DeclineCommand, MoveCommand, NoteCommand, SignInCommand, SignOutCommand } from '../../shared/commands.js';
import type { Handover, LogEntry, OpenProblem } from '../../shared/shift-log.js';
import { shiftInstanceAt } from '../../shared/floor/shifts.js';
import type { OpsState, MoveRequest, RecommendationRecord } from '../../shared/ops.js';
import type { FloorSnapshot, IntervalView, MoveView, RecommendationView, SurgeView } from '../../shared/snapshot.js';
import { requiredStaff, serviceLevelFor, type StaffingInput } from '../../shared/staffing/erlang.js';
import { reforecast, runningRatio, upliftFactor } from '../../shared/forecasting/reforecast.js';
import { evaluateSurges, emptyTrackerState } from '../../shared/surge/detect.js';
import { recommend, type Recommendation } from '../../shared/surge/recommend.js';
import type { ActiveSurge, DeclaredSurge, LiveFigures, SurgeTrackerState } from '../../shared/surge/types.js';
import { isoInZone } from '../../shared/time.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { OpsStore } from '../store/ops-store.js';
import type { Store } from '../store/store.js';
import { AppError } from './errors.js';
import type { FloorService } from './floor-service.js';
import type { ShiftLogService } from './shift-log-service.js';

const DEFAULT_AHT_SECONDS = 240;

export interface OpsServiceDeps {
  floor: FloorService;
  store: Store;
  ops: OpsStore;
  log: ShiftLogService;
  clock: Clock;
  timeZone: string;
  logger: Logger;
}

interface Evaluation {
  surges: ActiveSurge[];
  requiredByInterval: Map<number, number>;
  reforecastByInterval: Map<number, number>;
  liveRequired: number | null;
}

export class OpsService {
  private state: OpsState;
  private evaluation: Evaluation = { surges: [], requiredByInterval: new Map(), reforecastByInterval: new Map(), liveRequired: null };
  private timer: NodeJS.Timeout | null = null;
  /** Evaluations and commands run one at a time, in order. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: OpsServiceDeps) {
    this.state = structuredClone(deps.ops.ops());
    deps.floor.setDecorator((base) => this.decorate(base));
    deps.floor.touch(this.state.version);
  }

  start(everyMs = 1000): void {
    this.timer ??= setInterval(() => void this.tick(), everyMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One evaluation, queued behind any command in flight. */
  tick(): Promise<void> {
    return this.serial(() => this.evaluate()).catch((err: unknown) => this.deps.logger.error({ err }, 'surge evaluation failed'));
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Counts a change, keeps it, and lets the floor show it. */
  private async persist(): Promise<void> {
    this.state.version++;
    await this.deps.ops.saveOps(structuredClone(this.state));
    this.deps.floor.touch(this.state.version);
  }

  private staffingInput(offered: number, ahtSeconds: number, intervalSeconds: number): StaffingInput {
    const s = this.deps.store.settings();
    return { offered, intervalSeconds, ahtSeconds, targetServiceLevel: s.serviceLevelTarget, targetAnswerSeconds: s.serviceLevelSeconds, maxOccupancy: s.maxOccupancy };
  }

  private async evaluate(): Promise<void> {
    const { floor, store, clock, log } = this.deps;
    const now = clock.now();
    const settings = store.settings();
    const t = settings.surge;
    const base = floor.baseSnapshot(now);
    const intervalSeconds = settings.intervalMinutes * 60;
    const intervalStarts = base.intervals.map((iv) => Date.parse(iv.start));

    // Reforecast and required staff per interval, from the forecast's offered and AHT.
    const ahtByInterval = this.forecastAht(intervalStarts, intervalSeconds);
    const declared = this.state.declared;
    const refInput = {
      intervals: base.intervals.map((iv, i) => ({
        startMs: intervalStarts[i]!,
        endMs: intervalStarts[i]! + intervalSeconds * 1000,
        forecastOffered: iv.forecastOffered ?? 0,
        // Before the floor heard its first event there is no data, not zero calls.
        actualOffered: intervalStarts[i]! <= now && floor.observedSinceMs > 0 && intervalStarts[i]! >= floor.observedSinceMs ? iv.offered : null,
      })),
      nowMs: now,
      declaredUplifts: declared.map((d) => ({ startMs: d.startsAtMs, endMs: d.endsAtMs, upliftPct: d.upliftPct })),
    };
    const refc = reforecast(refInput);
    // The deviation trigger compares with the forecast as updated by the day so far and by
    // declared events, so a day running high all day, or an announced campaign, is not a surge.
    const applied = runningRatio(refInput).appliedRatio;
    const reforecastByInterval = new Map(refc.map((r) => [r.startMs, r.reforecastOffered]));
    const requiredByInterval = new Map<number, number>();
    base.intervals.forEach((iv, i) => {
      const start = intervalStarts[i]!;
      const offered = reforecastByInterval.get(start) ?? iv.forecastOffered;
      if (offered === null || offered === undefined || iv.forecastOffered === null) return;
      requiredByInterval.set(start, requiredStaff(this.staffingInput(offered, ahtByInterval.get(start) ?? DEFAULT_AHT_SECONDS, intervalSeconds)).staff);
    });

    // Live figures: the last window of minutes against the forecast spread over them.
    const windowMinutes = Math.max(t.deviationMinutes, t.rollingMinutes);
    const minutes = floor.minutesSince(now - windowMinutes * 60_000);
    const forecastPerMinute = (ms: number) => {
      const i = intervalStarts.findLastIndex((s) => s <= ms);
      const f = i >= 0 ? base.intervals[i]!.forecastOffered : null;
      if (f === null) return 0;
      const iv = refInput.intervals[i]!;
      return (f * upliftFactor(iv, refInput.declaredUplifts) * applied) / settings.intervalMinutes;
    };
    const rolling = minutes.filter((m) => m.startMs > now - t.rollingMinutes * 60_000);
    const rollingOffered = rolling.reduce((n, m) => n + m.offered, 0);
    const currentIndex = intervalStarts.findLastIndex((s) => s <= now);
    const todayAht = base.today.ahtSeconds;
    const aht = todayAht ?? ahtByInterval.get(intervalStarts[currentIndex] ?? 0) ?? DEFAULT_AHT_SECONDS;
    const liveOffered = (rollingOffered / t.rollingMinutes) * settings.intervalMinutes;
    const liveInput = this.staffingInput(liveOffered, aht, intervalSeconds);
    const liveRequired = requiredStaff(liveInput).staff;
    const live: LiveFigures = {
      nowMs: now,
      minutes: minutes.map((m) => ({ startMs: m.startMs, offered: m.offered, forecastOffered: forecastPerMinute(m.startMs) })),
      waiting: base.now.waiting,
      longestWaitSeconds: base.now.longestWaitSeconds,
      rolling: {
        offered: rollingOffered,
        answered: rolling.reduce((n, m) => n + m.answered, 0),
        answeredWithinTarget: rolling.reduce((n, m) => n + m.answeredWithinTarget, 0),
      },
      requiredStaff: liveRequired,
      onPhones: base.now.onPhones + this.pendingPulls(),
    };
    const result = evaluateSurges((this.state.tracker as SurgeTrackerState | null) ?? emptyTrackerState(), live, declared, t);
    let dirty = false;
    for (const s of result.started) {
      dirty = true;
      await log.record('surge-started', 'system', `Surge: ${s.cause}, measured ${fmt(s.measured, s.unit)} against ${fmt(s.threshold, s.unit)}`, { surgeId: s.id, cause: s.cause, measured: s.measured, threshold: s.threshold, unit: s.unit });
    }
    for (const s of result.ended) {
      dirty = true;
      await log.record('surge-ended', 'system', `Surge over: ${s.cause} (peak ${fmt(s.peak, s.unit)})`, { surgeId: s.id, cause: s.cause, peak: s.peak, unit: s.unit });
      if (s.declared) this.state.declared = this.state.declared.filter((d) => d.id !== s.declared!.id);
    }
    // Measured values drift every second; only starts and ends are changes worth a version.
    this.state.tracker = result.state;
    if (result.active.length === 0 && (await this.cancelUnmadePulls())) dirty = true;
    this.evaluation = { surges: result.active, requiredByInterval, reforecastByInterval, liveRequired };

    // The recommendation: for the queue with the most calls waiting.
    const waiting = floor.waitingByQueue(now);
    const queue = [...waiting.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
    const roster = store.roster();
    const shift = shiftInstanceAt(roster.shifts, now, this.deps.timeZone);
    const rec = recommend({
      surgeIds: result.active.map((s) => s.id),
      people: floor.people(),
      roster,
      shift: shift ? { name: shift.name, start: '00:00', end: '00:00', night: shift.night } : null,
      requiredStaff: liveRequired,
      onPhones: live.onPhones,
      queue,
      serviceLevelAt: (n) => (liveOffered > 0 ? serviceLevelFor(n, liveInput).serviceLevel : null),
      lastPulledAtMs: this.state.lastPulledAtMs,
      pulled: this.state.pulled,
      config: { pullPriority: settings.pullPriority, emergencyReserve: settings.emergencyReserve },
    });
    if (await this.adopt(rec, now)) dirty = true;
    if (await this.onShiftChange(now)) dirty = true;
    if (await this.watchMoves(now)) dirty = true;
    if (dirty) await this.persist();
  }

  /**
   * Once no surge is on, pulls nobody acted on are called off: those people never left
   * their work, so there is nothing to release them from.
   */
  private async cancelUnmadePulls(): Promise<boolean> {
    const unmade = this.state.moves.filter((m) => m.reason === 'pull' && m.status !== 'done');
    if (unmade.length === 0) return false;
    const ids = new Set(unmade.map((m) => m.staffId));
    this.state.moves = this.state.moves.filter((m) => !unmade.includes(m));
    this.state.pulled = this.state.pulled.filter((p) => !ids.has(p.staffId));
    await this.deps.log.record('move', 'system', `Surge over: pulls not carried out are called off (${[...ids].join(', ')})`, { cancelled: [...ids] });
    return true;
  }

  /** Accepted pulls not yet seated count as on the phones, so nobody else is pulled for them. */
  private pendingPulls(): number {
    return this.state.moves.filter((m) => m.reason === 'pull' && m.status !== 'done').length;
  }

  private forecastAht(starts: number[], intervalSeconds: number): Map<number, number> {
    const sums = new Map<number, { calls: number; seconds: number }>();
    for (const f of this.deps.store.forecast()) {
      const t = Date.parse(f.start);
      const start = starts.findLast((s) => s <= t);
      if (start === undefined || t >= start + intervalSeconds * 1000) continue;
      const e = sums.get(start) ?? { calls: 0, seconds: 0 };
      e.calls += f.offered;
      e.seconds += f.offered * f.ahtSeconds;
      sums.set(start, e);
    }
    return new Map([...sums].filter(([, e]) => e.calls > 0).map(([k, e]) => [k, e.seconds / e.calls]));
  }

  /** Makes `rec` the current recommendation when it is new; logs it. Returns whether anything changed. */
  private async adopt(rec: Recommendation | null, now: number): Promise<boolean> {
    const current = this.state.current;
    if (rec === null) {
      if (current === null || current.status !== 'pending') return false;
      this.state.current = null;
      return true;
    }
    if (current?.recommendation.id === rec.id) return false;
    this.state.current = { recommendation: rec, status: 'pending', createdAtMs: now, decidedAtMs: null, decidedBy: null, declineReason: null };
    await this.deps.log.record('recommendation', 'system', describe(rec), { recommendationId: rec.id, recommendation: rec });
    return true;
  }

  /** Marks moves done when the person signs in at the target seat, overdue when they have not in time. */
  private async watchMoves(now: number): Promise<boolean> {
    const timeoutMs = this.deps.store.settings().moveTimeoutMinutes * 60_000;
    const seatOf = new Map(this.deps.floor.people().map((p) => [p.staffId, p.seatId]));
    let changed = false;
    for (const m of this.state.moves) {
      if (m.status === 'done') continue;
      if (seatOf.get(m.staffId) === m.toSeatId) {
        m.status = 'done';
        m.doneAtMs = now;
        changed = true;
        await this.deps.log.record('move-done', 'system', `${m.staffId} is at ${m.toSeatId}`, { moveId: m.id, staffId: m.staffId, toSeatId: m.toSeatId });
      } else if (m.status === 'pending' && now - m.requestedAtMs > timeoutMs) {
        m.status = 'overdue';
        changed = true;
        await this.deps.log.record('move-overdue', 'system', `${m.staffId} has not signed in at ${m.toSeatId}`, { moveId: m.id, staffId: m.staffId, toSeatId: m.toSeatId });
      }
    }
    // Finished moves stay visible for an hour, then leave the live view.
    const before = this.state.moves.length;
    this.state.moves = this.state.moves.filter((m) => m.status !== 'done' || (m.doneAtMs ?? now) > now - 3600_000);
    return changed || before !== this.state.moves.length;
  }

  private newMove(staffId: string, fromSeatId: string | null, toSeatId: string, by: string, reason: MoveRequest['reason'], recommendationId: string | null, now: number): MoveRequest {
    // Asking again supersedes an earlier unfinished move of the same person.
    this.state.moves = this.state.moves.filter((m) => m.staffId !== staffId || m.status === 'done');
    const move: MoveRequest = { id: `mv-${now.toString(36)}-${staffId}`, staffId, fromSeatId, toSeatId, requestedAtMs: now, requestedBy: by, reason, recommendationId, status: 'pending', doneAtMs: null };
    this.state.moves.push(move);
    return move;
  }

  private requirePending(id: string): RecommendationRecord {
    const current = this.state.current;
    if (!current || current.recommendation.id !== id) throw new AppError('conflict', 'that recommendation is no longer current (it was superseded); look at the new one');
    if (current.status !== 'pending') throw new AppError('conflict', `that recommendation was already ${current.status}`);
    return current;
  }

  accept(actor: string, cmd: AcceptCommand): Promise<RecommendationView> {
    return this.serial(async () => {
      const current = this.requirePending(cmd.id);
      const now = this.deps.clock.now();
      const rec = current.recommendation;
      if (rec.kind === 'pull') {
        for (const p of rec.pull) {
          this.newMove(p.staffId, p.fromSeatId, p.toSeatId, actor, 'pull', rec.id, now);
          this.state.lastPulledAtMs[p.staffId] = now;
        }
        this.state.pulled = [...this.state.pulled.filter((p) => !rec.pull.some((q) => q.staffId === p.staffId)), ...rec.pull];
      } else {
        for (const r of rec.release) this.newMove(r.staffId, r.fromSeatId, r.toSeatId, actor, 'release', rec.id, now);
        this.state.pulled = this.state.pulled.filter((p) => !rec.release.some((r) => r.staffId === p.staffId));
      }
      Object.assign(current, { status: 'accepted', decidedAtMs: now, decidedBy: actor });
      // The log entry first, so whoever the new version prompts to reread the log finds it.
      await this.deps.log.record('recommendation-accepted', actor, `Accepted: ${describe(rec)}`, { recommendationId: rec.id, recommendation: rec });
      await this.persist();
      return recommendationView(current);
    });
  }

  decline(actor: string, cmd: DeclineCommand): Promise<RecommendationView> {
    return this.serial(async () => {
      const current = this.requirePending(cmd.id);
      const now = this.deps.clock.now();
      Object.assign(current, { status: 'declined', decidedAtMs: now, decidedBy: actor, declineReason: cmd.reason });
      await this.deps.log.record('recommendation-declined', actor, `Declined (${cmd.reason}): ${describe(current.recommendation)}`, { recommendationId: cmd.id, reason: cmd.reason, recommendation: current.recommendation });
      await this.persist();
      return recommendationView(current);
    });
  }

  declare(actor: string, cmd: DeclareCommand): Promise<SurgeView> {
    return this.serial(async () => {
      const now = this.deps.clock.now();
      const startsAtMs = cmd.startsAt ? Date.parse(cmd.startsAt) : now;
      const endsAtMs = Date.parse(cmd.endsAt);
      if (endsAtMs <= now) throw new AppError('validation', 'the end time must be in the future');
      const declared: DeclaredSurge = { id: `d${now.toString(36)}`, cause: cmd.cause, upliftPct: cmd.upliftPct, startsAtMs, endsAtMs, declaredBy: actor, ...(cmd.note ? { note: cmd.note } : {}) };
      this.state.declared = [...this.state.declared, declared];
      await this.deps.log.record('surge-declared', actor, `Declared ${cmd.cause}, expected +${Math.round(cmd.upliftPct * 100)}% until ${isoInZone(endsAtMs, this.deps.timeZone)}`, { declaredId: declared.id, cause: cmd.cause, upliftPct: cmd.upliftPct, endsAt: cmd.endsAt });
      await this.persist();
      await this.evaluate();
      const surge = this.evaluation.surges.find((s) => s.declared?.id === declared.id);
      return surge ? surgeViews([surge], this.deps.timeZone)[0]! : { id: `declared-${declared.id}`, cause: cmd.cause, severity: 'warning', startedAt: isoInZone(startsAtMs, this.deps.timeZone) };
    });
  }

  endDeclared(actor: string, id: string): Promise<void> {
    return this.serial(async () => {
      const declared = this.state.declared.find((d) => d.id === id || `declared-${d.id}` === id);
      if (!declared) throw new AppError('not_found', 'no declared surge with that id is on (measured surges end by themselves)');
      this.state.declared = this.state.declared.filter((d) => d !== declared);
      await this.deps.log.record('surge-ended', actor, `Ended the declared ${declared.cause}`, { declaredId: declared.id, cause: declared.cause, byHand: true });
      await this.persist();
      await this.evaluate();
    });
  }

  move(actor: string, cmd: MoveCommand): Promise<MoveView> {
    return this.serial(async () => {
      const roster = this.deps.store.roster();
      const seat = roster.seats.find((s) => s.seatId === cmd.toSeatId);
      if (!seat) throw new AppError('not_found', `no seat ${cmd.toSeatId} on the roster`);
      const person = this.deps.floor.people().find((p) => p.staffId === cmd.staffId);
      if (!person && !roster.staff.some((s) => s.staffId === cmd.staffId)) throw new AppError('not_found', `no staff member ${cmd.staffId}`);
      const occupied = this.deps.floor.people().find((p) => p.seatId === cmd.toSeatId && p.staffId !== cmd.staffId);
      if (occupied) throw new AppError('conflict', `seat ${cmd.toSeatId} is taken by ${occupied.staffId}`);
      const now = this.deps.clock.now();
      const move = this.newMove(cmd.staffId, person?.seatId ?? null, cmd.toSeatId, actor, 'manual', null, now);
      await this.deps.log.record('move', actor, `Asked ${cmd.staffId} to move to ${cmd.toSeatId} (${seat.kind})`, { moveId: move.id, staffId: cmd.staffId, fromSeatId: move.fromSeatId, toSeatId: cmd.toSeatId });
      await this.persist();
      return moveView(move, this.deps.timeZone);
    });
  }

  /** A team lead signs someone in by hand (the ACD is down): an ingest event marked manual. */
  async manualSignIn(actor: string, cmd: SignInCommand): Promise<null> {
    const roster = this.deps.store.roster();
    if (!roster.seats.some((s) => s.seatId === cmd.seatId)) throw new AppError('not_found', `no seat ${cmd.seatId} on the roster`);
    const occupied = this.deps.floor.people().find((p) => p.seatId === cmd.seatId && p.staffId !== cmd.staffId);
    if (occupied) throw new AppError('conflict', `seat ${cmd.seatId} is taken by ${occupied.staffId}`);
    const now = this.deps.clock.now();
    await this.deps.floor.ingest([{ id: `manual-${now.toString(36)}-${randomUUID()}`, type: 'agent.signed_in', at: new Date(now).toISOString(), staffId: cmd.staffId, seatId: cmd.seatId, source: 'manual' }]);
    await this.deps.log.record('manual-sign-in', actor, `Signed ${cmd.staffId} in at ${cmd.seatId} by hand`, { staffId: cmd.staffId, seatId: cmd.seatId });
    await this.serial(() => this.persist());
    return null;
  }

  async manualSignOut(actor: string, cmd: SignOutCommand): Promise<null> {
    if (!this.deps.floor.people().some((p) => p.staffId === cmd.staffId)) throw new AppError('conflict', `${cmd.staffId} is not signed in`);
    const now = this.deps.clock.now();
    await this.deps.floor.ingest([
      { id: `manual-${now.toString(36)}-${randomUUID()}`, type: 'agent.signed_out', at: new Date(now).toISOString(), staffId: cmd.staffId, ...(cmd.reason ? { reason: cmd.reason } : {}), source: 'manual' },
    ]);
    await this.deps.log.record('manual-sign-out', actor, `Signed ${cmd.staffId} out by hand${cmd.reason ? ` (${cmd.reason})` : ''}`, { staffId: cmd.staffId, reason: cmd.reason ?? null });
    await this.serial(() => this.persist());
    return null;
  }

  note(actor: string, cmd: NoteCommand): Promise<LogEntry> {
    return this.serial(async () => {
      const entry = await this.deps.log.record(cmd.problem ? 'problem' : 'note', actor, cmd.text);
      if (cmd.problem) this.state.openProblems.push({ id: entry.id, text: cmd.text, openedAt: entry.at, openedBy: actor, shiftKey: this.deps.log.current().key });
      // Every log change moves the version, so consoles know to reread the log.
      await this.persist();
      return entry;
    });
  }

  closeProblem(actor: string, cmd: CloseProblemCommand): Promise<LogEntry> {
    return this.serial(async () => {
      const problem = this.state.openProblems.find((p) => p.id === cmd.id);
      if (!problem) throw new AppError('not_found', 'no open problem with that id (closed already?)');
      this.state.openProblems = this.state.openProblems.filter((p) => p !== problem);
      const entry = await this.deps.log.record('problem-closed', actor, `Closed: ${problem.text}${cmd.text ? ` — ${cmd.text}` : ''}`, { problemId: problem.id, text: cmd.text ?? null });
      await this.persist();
      return entry;
    });
  }

  /** Entries are never edited: a correction follows the entry it corrects. */
  correct(actor: string, cmd: CorrectCommand): Promise<LogEntry> {
    return this.serial(async () => {
      const log = await this.deps.log.read();
      const target = log.entries.find((e) => e.id === cmd.entryId);
      if (!target) throw new AppError('not_found', "no entry with that id in this shift's log");
      const entry = await this.deps.log.record('correction', actor, `Correction to ${target.at}: ${cmd.text}`, { correctsId: target.id, text: cmd.text });
      await this.persist();
      return entry;
    });
  }

  /** The outgoing supervisor signs the current shift's handover, once. */
  signHandover(actor: string): Promise<Handover> {
    return this.serial(async () => {
      const log = await this.deps.log.read();
      if (log.handover) throw new AppError('conflict', `this shift's handover was already signed by ${log.handover.signedBy}`);
      const handover: Handover = { signedBy: actor, signedAt: isoInZone(this.deps.clock.now(), this.deps.timeZone), confirmedBy: null, confirmedAt: null };
      const { entries: _entries, handover: _h, ...meta } = log;
      await this.deps.log.setHandover(meta, handover);
      await this.deps.log.recordIn(meta, 'handover-signed', actor, `Handover signed by ${actor}`, { openProblems: this.state.openProblems.length });
      await this.persist();
      return handover;
    });
  }

  /** The incoming supervisor confirms a signed handover; not the one who signed it. */
  confirmHandover(actor: string, shiftKey: string): Promise<Handover> {
    return this.serial(async () => {
      const log = await this.deps.log.read(shiftKey);
      if (!log.handover) throw new AppError('conflict', 'that handover has not been signed yet');
      if (log.handover.confirmedBy) throw new AppError('conflict', `that handover was already confirmed by ${log.handover.confirmedBy}`);
      if (log.handover.signedBy === actor) throw new AppError('conflict', 'the incoming supervisor confirms; you signed this handover');
      const handover: Handover = { ...log.handover, confirmedBy: actor, confirmedAt: isoInZone(this.deps.clock.now(), this.deps.timeZone) };
      const { entries: _entries, handover: _h, ...meta } = log;
      await this.deps.log.setHandover(meta, handover);
      await this.deps.log.recordIn(meta, 'handover-confirmed', actor, `Handover confirmed by ${actor}`);
      if (this.deps.log.current().key !== meta.key) await this.deps.log.record('handover-confirmed', actor, `Confirmed the handover of ${meta.key}`, { shift: meta.key });
      await this.persist();
      return handover;
    });
  }

  openProblems(): OpenProblem[] {
    return structuredClone(this.state.openProblems);
  }

  /** At a change of shift: the ended shift's headline figures to its log, open problems carried to the new one. */
  private async onShiftChange(now: number): Promise<boolean> {
    const current = this.deps.log.current(now);
    const last = this.state.lastShift;
    if (last?.key === current.key) return false;
    const shift = shiftInstanceAt(this.deps.store.roster().shifts, now, this.deps.timeZone);
    this.state.lastShift = { ...current, startMs: shift?.startMs ?? now, endMs: shift?.endMs ?? now };
    if (!last) return true;
    const t = this.deps.floor.totalsBetween(last.startMs, Math.min(last.endMs, now));
    const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)}%`);
    const { startMs: _s, endMs: _e, ...lastMeta } = last;
    await this.deps.log.recordIn(lastMeta, 'shift-figures', 'system', `Shift figures: offered ${t.offered}, answered ${t.answered}, abandoned ${t.abandoned}, SL ${pct(t.serviceLevel)}, answer rate ${pct(t.answerRate)}`, { ...t });
    for (const p of this.state.openProblems) {
      await this.deps.log.record('problem-carried', 'system', `Open problem carried over (from ${p.shiftKey}): ${p.text}`, { problemId: p.id, from: p.shiftKey });
    }
    return true;
  }

  /** The snapshot with surges, the recommendation, moves, required staff and the reforecast. */
  private decorate(base: FloorSnapshot): FloorSnapshot {
    const { requiredByInterval, reforecastByInterval } = this.evaluation;
    const intervals: IntervalView[] = base.intervals.map((iv) => {
      const start = Date.parse(iv.start);
      return { ...iv, requiredStaff: requiredByInterval.get(start) ?? iv.requiredStaff, reforecastOffered: reforecastByInterval.get(start) ?? iv.reforecastOffered };
    });
    return {
      ...base,
      now: { ...base.now, requiredStaff: this.evaluation.liveRequired },
      intervals,
      surges: surgeViews(this.evaluation.surges, this.deps.timeZone),
      recommendation: this.state.current ? recommendationView(this.state.current) : null,
      moves: this.state.moves.map((m) => moveView(m, this.deps.timeZone)),
    };
  }
}

function fmt(value: number, unit: ActiveSurge['unit']): string {
  if (unit === 'ratio') return `${Math.round(value * 100)}%`;
  if (unit === 'seconds') return `${Math.round(value)} s`;
  return String(Math.round(value * 10) / 10);
}

function describe(rec: Recommendation): string {
  if (rec.kind === 'release') return `release ${rec.release.map((r) => `${r.staffId}→${r.toSeatId}`).join(', ')}`;
  const pulls = rec.pull.map((p) => `${p.staffId}→${p.toSeatId}`).join(', ');
  const parts = [rec.pull.length ? `pull ${pulls}` : 'nobody left to pull'];
  if (rec.keepOnFloor) parts.push(`keep ${rec.keepOnFloor} on the floor`);
  if (rec.callInEmergency) parts.push(`call in ${rec.callInEmergency} emergency seat(s)`);
  if (rec.expectedServiceLevel !== null) parts.push(`SL after ${Math.round(rec.expectedServiceLevel * 100)}%`);
  return parts.join(' · ');
}

function surgeViews(surges: ActiveSurge[], timeZone: string): SurgeView[] {
  return surges.map((s) => ({
    id: s.id,
    cause: s.cause,
    severity: s.severity,
    startedAt: isoInZone(s.startedAtMs, timeZone),
    measured: s.measured,
    threshold: s.threshold,
    unit: s.unit,
    clearSince: s.clearSinceMs === null ? null : isoInZone(s.clearSinceMs, timeZone),
    ...(s.declared
      ? { declared: { upliftPct: s.declared.upliftPct, endsAt: isoInZone(s.declared.endsAtMs, timeZone), declaredBy: s.declared.declaredBy, ...(s.declared.note ? { note: s.declared.note } : {}) } }
      : {}),
  }));
}

function recommendationView(r: RecommendationRecord): RecommendationView {
  const rec = r.recommendation;
  const common = { id: rec.id, kind: rec.kind, status: r.status, reason: rec.reason, decidedBy: r.decidedBy, declineReason: r.declineReason };
  return rec.kind === 'pull'
    ? { ...common, pull: rec.pull, callInEmergency: rec.callInEmergency, expectedServiceLevel: rec.expectedServiceLevel, keepOnFloor: rec.keepOnFloor, night: rec.night }
    : { ...common, pull: [], release: rec.release, callInEmergency: 0, expectedServiceLevel: null };
}

function moveView(m: MoveRequest, timeZone: string): MoveView {
  return { id: m.id, staffId: m.staffId, fromSeatId: m.fromSeatId, toSeatId: m.toSeatId, requestedAt: isoInZone(m.requestedAtMs, timeZone), reason: m.reason, status: m.status };
}
