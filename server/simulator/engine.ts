/**
 * The simulator's discrete-event core: people following their shift plans, calls arriving,
 * ringing, being talked and wrapped, or abandoned, all on one time-ordered heap. It produces
 * the ingest events a real ACD would send. Pure apart from the logger: time only moves when
 * {@link TrafficEngine.advance} is called, and all randomness comes from the run's seed.
 */
import type { Activity, FloorEvent, SignOutReason } from '../../shared/events.js';
import type { ForecastInterval, Roster, SeatKind } from '../../shared/roster.js';
import { addDays, localDayKey } from '../../shared/time.js';
import { assignCrews, dutyActivity, type Crew, type CrewMember, type Duty } from './crews.js';
import { TimeHeap } from './heap.js';
import { planShift, plannedStateAt, shiftInstance, type ShiftInstance, type ShiftPlan } from './plans.js';
import { Rng } from './random.js';
import { SeatBook } from './seats.js';
import { planSurges, surgeMultiplier, type SurgeWindow } from './surges.js';
import { drawCalls, ForecastIndex, type CallSpec } from './traffic.js';

const MINUTE_MS = 60_000;
/** Shifts are planned this far ahead of their start (arrivals come up to 15 min early). */
const PLAN_AHEAD_MS = 60 * MINUTE_MS;
/** AHT used when a forecast interval gives none. */
const DEFAULT_AHT_SECONDS = 240;
/** The `source` on every simulated event. */
export const SIMULATOR_SOURCE = 'simulator';

/** What the engine needs from the outside world. */
export interface EngineOptions {
  timeZone: string;
  /** 32-bit root seed; every random stream of the run derives from it. */
  seed: number;
  /** Unique per run, so event and call ids never collide with an earlier run's. */
  runId: string;
  /** The day's forecast (already defaulted to the demo forecast when the server has none). */
  forecast(dayKey: string): readonly ForecastInterval[];
  logger: { info(obj: object, msg: string): void };
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type EventBody = DistributiveOmit<FloorEvent, 'id' | 'at' | 'source'>;

type PauseKind = 'break' | 'meal';

type Entry =
  | { kind: 'arrive'; atMs: number; plan: ShiftPlan; member: CrewMember }
  | { kind: 'pause'; atMs: number; plan: ShiftPlan; pause: PauseKind; durationMs: number }
  | { kind: 'resume'; atMs: number; staffId: string; token: number }
  | { kind: 'leave'; atMs: number; plan: ShiftPlan }
  | { kind: 'offer'; atMs: number; call: CallSpec }
  | { kind: 'abandon' | 'answer' | 'talk-end' | 'wrap-end'; atMs: number; callId: string };

const STAFF_ENTRIES = new Set<Entry['kind']>(['arrive', 'pause', 'resume', 'leave']);

interface LiveCall {
  spec: CallSpec;
  state: 'waiting' | 'ringing' | 'talking' | 'wrap' | 'gone';
  staffId: string | null;
}

interface Person {
  staffId: string;
  member: CrewMember;
  skills: Set<string>;
  duty: Duty;
  plan: ShiftPlan | null;
  /** Seat held for this person (kept while they are at their meal). */
  seatId: string | null;
  signedIn: boolean;
  activity: Activity | null;
  call: LiveCall | null;
  availableSinceMs: number;
  /** A pause or the end of shift that fell due during a call, taken when the call is done. */
  pending: { kind: PauseKind | 'leave'; durationMs: number } | null;
  /** Bumped on every pause, return and departure, so a stale return is ignored. */
  token: number;
}

const PENDING_RANK = { break: 1, meal: 2, leave: 3 } as const;

/** The discrete-event simulation of one site's floor. */
export class TrafficEngine {
  private readonly heap = new TimeHeap<Entry>();
  private readonly persons = new Map<string, Person>();
  private readonly calls = new Map<string, LiveCall>();
  private readonly queues = new Map<string, LiveCall[]>();
  private readonly seats = new SeatBook();
  private readonly planned = new Set<string>();
  private readonly instances = new Map<string, ShiftInstance>();
  private readonly surges = new Map<string, SurgeWindow[]>();
  private readonly arrivals: Rng;
  private crews: Crew[] = [];
  private staffIds = new Set<string>();
  private out: FloorEvent[] = [];
  private eventSeq = 0;
  private callSeq = 0;
  private nextMinuteMs = 0;
  private clock = 0;
  private forecastCache: { dayKey: string; source: readonly ForecastInterval[] | null; index: ForecastIndex } = {
    dayKey: '',
    source: null,
    index: new ForecastIndex([]),
  };

  constructor(private readonly options: EngineOptions) {
    this.arrivals = Rng.stream(options.seed, 'arrivals');
  }

  /** Simulated time reached so far (epoch ms). */
  get clockMs(): number {
    return this.clock;
  }

  /** The surges planned for the site-local day `dayKey`. */
  surgesOn(dayKey: string): SurgeWindow[] {
    let windows = this.surges.get(dayKey);
    if (!windows) {
      windows = planSurges(dayKey, this.options.timeZone, this.options.seed);
      this.surges.set(dayKey, windows);
      if (this.surges.size > 8) this.surges.delete(this.surges.keys().next().value ?? dayKey);
    }
    return windows;
  }

  /**
   * Puts the floor into the state the plans call for at `atMs`, from scratch: ends every call
   * in progress (answered ones end, waiting ones are abandoned), signs people in or out and
   * schedules the rest of their shifts. Used to start and to skip ahead after a long gap.
   */
  reset(atMs: number, roster: Roster): FloorEvent[] {
    this.clock = atMs;
    this.useRoster(roster);
    for (const live of [...this.calls.values()].sort((a, b) => a.spec.offeredMs - b.spec.offeredMs)) {
      if (live.state === 'talking') this.emit(atMs, { type: 'call.ended', callId: live.spec.callId, wrapSeconds: 0 });
      else if (live.state !== 'wrap') this.emit(atMs, { type: 'call.abandoned', callId: live.spec.callId });
      live.state = 'gone';
    }
    this.calls.clear();
    this.queues.clear();
    this.heap.clear();
    for (const person of this.persons.values()) person.call = null;
    this.replanStaff(atMs);
    this.nextMinuteMs = Math.ceil(atMs / MINUTE_MS) * MINUTE_MS;
    if (this.nextMinuteMs > atMs) this.generateCalls(atMs, this.nextMinuteMs);
    return this.flush();
  }

  /**
   * Adopts a changed roster at the current time without disturbing calls: people no longer on
   * it sign out (reason `other`; a call they are talking on ends), everyone else is re-planned
   * and signed in or out as the new plans say, finishing any call first.
   */
  changeRoster(roster: Roster): FloorEvent[] {
    this.useRoster(roster);
    for (const person of [...this.persons.values()]) {
      if (this.staffIds.has(person.staffId)) continue;
      this.dropCall(person);
      if (person.signedIn) this.signOut(person, this.clock, 'other');
      if (person.seatId) this.seats.release(person.seatId);
      this.persons.delete(person.staffId);
    }
    this.heap.removeWhere((entry) => STAFF_ENTRIES.has(entry.kind));
    this.replanStaff(this.clock);
    return this.flush();
  }

  /** Runs the simulation up to and including `toMs`, returning the events produced, in time order. */
  advance(toMs: number): FloorEvent[] {
    for (;;) {
      const top = this.heap.peek();
      if (this.nextMinuteMs <= toMs && (!top || this.nextMinuteMs <= top.atMs)) {
        const minute = this.nextMinuteMs;
        this.nextMinuteMs += MINUTE_MS;
        this.clock = minute;
        this.planAhead(minute);
        this.announceSurges(minute);
        this.generateCalls(minute, minute + MINUTE_MS);
        continue;
      }
      if (!top || top.atMs > toMs) break;
      this.heap.pop();
      this.clock = top.atMs;
      this.handle(top);
    }
    this.clock = Math.max(this.clock, toMs);
    return this.flush();
  }

  // ---- roster, crews and plans -------------------------------------------------------

  private useRoster(roster: Roster): void {
    this.crews = assignCrews(roster);
    this.staffIds = new Set(roster.staff.map((s) => s.staffId));
    this.seats.setSeats(roster.seats);
    const members = new Map(this.crews.flatMap((c) => c.members.map((m) => [m.staff.staffId, m] as const)));
    for (const person of this.persons.values()) {
      const member = members.get(person.staffId);
      if (member) this.adopt(person, member);
    }
  }

  private adopt(person: Person, member: CrewMember): void {
    person.member = member;
    person.skills = new Set(member.staff.skills);
    person.duty = member.duty;
  }

  private instance(dayKey: string, crew: Crew): ShiftInstance {
    const key = `${dayKey}/${crew.shift.name}/${crew.shift.start}-${crew.shift.end}`;
    let found = this.instances.get(key);
    if (!found) {
      found = shiftInstance(dayKey, crew.shift, this.options.timeZone);
      this.instances.set(key, found);
      if (this.instances.size > 64) this.instances.delete(this.instances.keys().next().value ?? key);
    }
    return found;
  }

  /** Shift instances that may matter at `atMs`: those of yesterday, today and tomorrow. */
  private instancesAround(atMs: number): { instance: ShiftInstance; crew: Crew }[] {
    const today = localDayKey(atMs, this.options.timeZone);
    const days = [addDays(today, -1), today, addDays(today, 1)];
    return days.flatMap((day) => this.crews.map((crew) => ({ instance: this.instance(day, crew), crew })));
  }

  /** Plans the shifts starting within the next hour. */
  private planAhead(atMs: number): void {
    for (const { instance, crew } of this.instancesAround(atMs)) {
      if (this.planned.has(instance.key) || instance.startMs - PLAN_AHEAD_MS > atMs) continue;
      this.planned.add(instance.key);
      if (instance.endMs <= atMs) continue;
      for (const member of crew.members) this.schedulePlan(planShift(member, instance, this.options.seed), member, atMs);
    }
    if (this.planned.size > 64) this.planned.delete(this.planned.values().next().value ?? '');
  }

  /** Schedules what `plan` has happening after `afterMs` (its arrival included). */
  private schedulePlan(plan: ShiftPlan, member: CrewMember, afterMs: number, arrive = true): void {
    if (plan.leaveMs <= afterMs) return;
    if (arrive && plan.arriveMs >= afterMs) this.heap.push({ kind: 'arrive', atMs: plan.arriveMs, plan, member });
    for (const pause of plan.breaks) {
      if (pause.startMs > afterMs) this.heap.push({ kind: 'pause', atMs: pause.startMs, plan, pause: 'break', durationMs: pause.durationMs });
    }
    if (plan.meal && plan.meal.startMs > afterMs) {
      this.heap.push({ kind: 'pause', atMs: plan.meal.startMs, plan, pause: 'meal', durationMs: plan.meal.durationMs });
    }
    this.heap.push({ kind: 'leave', atMs: plan.leaveMs, plan });
  }

  /**
   * Works out where every planned person should be at `atMs` and moves them there: people
   * off shift or at their meal sign out, people on shift sign in (or go on their break), and
   * the rest of each plan is scheduled. Anyone on a call finishes it first.
   */
  private replanStaff(atMs: number): void {
    this.planned.clear();
    this.seats.clearWaiting();
    const desired = new Map<string, { plan: ShiftPlan; member: CrewMember }>();
    for (const { instance, crew } of this.instancesAround(atMs)) {
      if (instance.startMs - PLAN_AHEAD_MS > atMs) continue;
      this.planned.add(instance.key);
      if (instance.endMs <= atMs) continue;
      for (const member of crew.members) {
        const plan = planShift(member, instance, this.options.seed);
        if (plan.arriveMs > atMs) this.schedulePlan(plan, member, atMs);
        else if (plan.leaveMs > atMs) desired.set(member.staff.staffId, { plan, member });
      }
    }
    const ids = (list: Iterable<string>) => [...list].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    // Sign-outs first, so the seats they free can be taken by the sign-ins after.
    for (const staffId of ids(this.persons.keys())) {
      const person = this.persons.get(staffId);
      if (!person) continue;
      person.pending = null;
      person.token++;
      const want = desired.get(staffId);
      const { state, untilMs } = want ? plannedStateAt(want.plan, atMs) : { state: 'off', untilMs: atMs };
      if (state === 'off' || state === 'meal') {
        if (person.call) person.pending = { kind: state === 'off' ? 'leave' : 'meal', durationMs: untilMs - atMs };
        else if (state === 'off') this.depart(person, atMs);
        else if (person.signedIn) this.signOut(person, atMs, 'meal');
      }
    }
    for (const staffId of ids(desired.keys())) {
      const want = desired.get(staffId);
      if (!want) continue;
      const person = this.personFor(want.member);
      person.plan = want.plan;
      const { state, untilMs } = plannedStateAt(want.plan, atMs);
      if (state === 'in' || state === 'break') {
        const activity = state === 'break' ? 'break' : dutyActivity(person.duty);
        if (person.call) {
          if (state === 'break') person.pending = { kind: 'break', durationMs: untilMs - atMs };
        } else if (!person.signedIn) {
          this.takeSeatAndSignIn(person, atMs, activity);
        } else if (person.activity !== activity) {
          this.setActivity(person, atMs, activity);
          if (activity === 'available') person.availableSinceMs = atMs;
        }
      }
      if ((state === 'break' || state === 'meal') && !person.call) {
        if (state === 'meal') this.reserveSeat(person);
        this.heap.push({ kind: 'resume', atMs: untilMs, staffId, token: person.token });
      }
      this.schedulePlan(want.plan, want.member, atMs, false);
    }
    for (const person of this.persons.values()) this.serveNext(person, atMs);
  }

  private personFor(member: CrewMember): Person {
    let person = this.persons.get(member.staff.staffId);
    if (!person) {
      person = {
        staffId: member.staff.staffId,
        member,
        skills: new Set(member.staff.skills),
        duty: member.duty,
        plan: null,
        seatId: null,
        signedIn: false,
        activity: null,
        call: null,
        availableSinceMs: 0,
        pending: null,
        token: 0,
      };
      this.persons.set(person.staffId, person);
    }
    this.adopt(person, member);
    return person;
  }

  // ---- staff behaviour ----------------------------------------------------------------

  private handle(entry: Entry): void {
    switch (entry.kind) {
      case 'arrive':
        return this.onArrive(entry.plan, entry.member, entry.atMs);
      case 'pause':
        return this.onPause(entry.plan, entry.pause, entry.durationMs, entry.atMs);
      case 'resume':
        return this.onResume(entry.staffId, entry.token, entry.atMs);
      case 'leave':
        return this.onLeave(entry.plan, entry.atMs);
      case 'offer':
        return this.onOffer(entry.call, entry.atMs);
      case 'abandon':
        return this.onAbandon(entry.callId, entry.atMs);
      case 'answer':
        return this.onAnswer(entry.callId, entry.atMs);
      case 'talk-end':
        return this.onTalkEnd(entry.callId, entry.atMs);
      case 'wrap-end':
        return this.onWrapEnd(entry.callId, entry.atMs);
    }
  }

  private onArrive(plan: ShiftPlan, member: CrewMember, atMs: number): void {
    if (!this.staffIds.has(plan.staffId)) return;
    const person = this.personFor(member);
    person.plan = plan;
    person.pending = null;
    person.token++;
    if (!person.signedIn) this.takeSeatAndSignIn(person, atMs, dutyActivity(person.duty));
  }

  private onPause(plan: ShiftPlan, kind: PauseKind, durationMs: number, atMs: number): void {
    const person = this.persons.get(plan.staffId);
    if (!person || person.plan !== plan || !person.signedIn) return;
    if (person.call) {
      if (!person.pending || PENDING_RANK[person.pending.kind] < PENDING_RANK[kind]) person.pending = { kind, durationMs };
      return;
    }
    this.startPause(person, kind, durationMs, atMs);
  }

  private startPause(person: Person, kind: PauseKind, durationMs: number, atMs: number): void {
    if (kind === 'break' && person.activity === 'break') return;
    person.token++;
    if (kind === 'break') this.setActivity(person, atMs, 'break');
    else this.signOut(person, atMs, 'meal');
    this.heap.push({ kind: 'resume', atMs: atMs + durationMs, staffId: person.staffId, token: person.token });
  }

  private onResume(staffId: string, token: number, atMs: number): void {
    const person = this.persons.get(staffId);
    if (!person || person.token !== token || !person.plan || atMs >= person.plan.leaveMs) return;
    if (!person.signedIn) {
      this.takeSeatAndSignIn(person, atMs, dutyActivity(person.duty));
    } else if (person.activity === 'break') {
      this.setActivity(person, atMs, dutyActivity(person.duty));
      person.availableSinceMs = atMs;
      this.serveNext(person, atMs);
    }
  }

  private onLeave(plan: ShiftPlan, atMs: number): void {
    const person = this.persons.get(plan.staffId);
    if (!person || person.plan !== plan) return;
    if (person.call) person.pending = { kind: 'leave', durationMs: 0 };
    else this.depart(person, atMs);
  }

  /** Ends `person`'s shift: signs out if signed in and gives up the seat. */
  private depart(person: Person, atMs: number): void {
    person.token++;
    person.pending = null;
    person.plan = null;
    this.seats.unwait(person.staffId);
    if (person.signedIn) this.signOut(person, atMs, 'shift-end');
    this.releaseSeat(person, atMs);
  }

  private signOut(person: Person, atMs: number, reason: SignOutReason): void {
    person.signedIn = false;
    person.activity = null;
    this.emit(atMs, { type: 'agent.signed_out', staffId: person.staffId, reason });
  }

  private setActivity(person: Person, atMs: number, activity: Activity): void {
    person.activity = activity;
    this.emit(atMs, { type: 'agent.activity', staffId: person.staffId, activity });
  }

  // ---- seats ----------------------------------------------------------------------------

  private seatKindFor(person: Person): SeatKind {
    return person.duty === 'phone' ? 'inbound' : 'non-phone';
  }

  /** Holds a seat for `person`: the one they have, else their usual one if free, else the next free one along. */
  private reserveSeat(person: Person): string | null {
    person.seatId = this.seats.take(person.staffId, this.seatKindFor(person), person.member.homeSeatIndex, person.seatId);
    return person.seatId;
  }

  private takeSeatAndSignIn(person: Person, atMs: number, activity: Activity): void {
    const seatId = this.reserveSeat(person);
    if (!seatId) return this.seats.wait(person.staffId, this.seatKindFor(person));
    person.signedIn = true;
    this.emit(atMs, { type: 'agent.signed_in', staffId: person.staffId, seatId });
    this.setActivity(person, atMs, activity);
    person.availableSinceMs = atMs;
    this.serveNext(person, atMs);
  }

  /** Frees `person`'s seat and seats the first person waiting for one of that kind. */
  private releaseSeat(person: Person, atMs: number): void {
    const seatId = person.seatId;
    if (!seatId) return;
    person.seatId = null;
    const next = this.persons.get(this.seats.release(seatId) ?? '');
    if (next) this.takeSeatAndSignIn(next, atMs, dutyActivity(next.duty));
  }

  // ---- calls ----------------------------------------------------------------------------

  private indexFor(dayKey: string): ForecastIndex {
    const source = this.options.forecast(dayKey);
    const cached = this.forecastCache;
    if (cached.dayKey !== dayKey || cached.source !== source) {
      this.forecastCache = { dayKey, source, index: new ForecastIndex(source) };
    }
    return this.forecastCache.index;
  }

  private windowsAround(atMs: number): SurgeWindow[] {
    const today = localDayKey(atMs, this.options.timeZone);
    return [...this.surgesOn(addDays(today, -1)), ...this.surgesOn(today)];
  }

  private announceSurges(minuteMs: number): void {
    for (const w of this.windowsAround(minuteMs)) {
      if (w.startMs >= minuteMs && w.startMs < minuteMs + MINUTE_MS) {
        const minutes = Math.round((w.endMs - w.startMs) / MINUTE_MS);
        this.options.logger.info({ cause: w.cause, uplift: w.uplift, minutes, until: new Date(w.endMs).toISOString() }, 'simulated surge started');
      }
    }
  }

  /** Draws the calls arriving in [fromMs, toMs) (at most a minute) and schedules their offers. */
  private generateCalls(fromMs: number, toMs: number): void {
    const index = this.indexFor(localDayKey(fromMs, this.options.timeZone));
    const multiplier = surgeMultiplier(this.windowsAround(fromMs), fromMs);
    for (const queue of index.queues) {
      const expected = index.expectedBetween(queue, fromMs, toMs) * multiplier;
      const ahtSeconds = index.intervalAt(queue, fromMs)?.ahtSeconds || DEFAULT_AHT_SECONDS;
      const calls = drawCalls(this.arrivals, { queue, fromMs, toMs, expected, ahtSeconds }, () => `call-${this.options.runId}-${++this.callSeq}`);
      for (const call of calls) this.heap.push({ kind: 'offer', atMs: call.offeredMs, call });
    }
  }

  private onOffer(spec: CallSpec, atMs: number): void {
    const live: LiveCall = { spec, state: 'waiting', staffId: null };
    this.calls.set(spec.callId, live);
    this.emit(atMs, { type: 'call.offered', callId: spec.callId, queue: spec.queue });
    const agent = this.freeAgentFor(spec.queue);
    if (agent) return this.ring(live, agent, atMs);
    const waiting = this.queues.get(spec.queue) ?? [];
    waiting.push(live);
    this.queues.set(spec.queue, waiting);
    this.heap.push({ kind: 'abandon', atMs: atMs + spec.patienceMs, callId: spec.callId });
  }

  /** The skilled agent who has been available longest, as an ACD would pick. */
  private freeAgentFor(queue: string): Person | null {
    let best: Person | null = null;
    for (const p of this.persons.values()) {
      if (!p.signedIn || p.call || p.duty !== 'phone' || p.activity !== 'available' || !p.skills.has(queue)) continue;
      if (!best || p.availableSinceMs < best.availableSinceMs) best = p;
    }
    return best;
  }

  private ring(live: LiveCall, person: Person, atMs: number): void {
    live.state = 'ringing';
    live.staffId = person.staffId;
    person.call = live;
    this.heap.push({ kind: 'answer', atMs: atMs + live.spec.ringMs, callId: live.spec.callId });
  }

  private onAnswer(callId: string, atMs: number): void {
    const live = this.calls.get(callId);
    const person = live?.staffId ? this.persons.get(live.staffId) : undefined;
    if (!live || live.state !== 'ringing' || !person) return;
    live.state = 'talking';
    this.emit(atMs, { type: 'call.answered', callId, staffId: person.staffId });
    this.setActivity(person, atMs, 'on-call');
    this.heap.push({ kind: 'talk-end', atMs: atMs + live.spec.talkMs, callId });
  }

  private onTalkEnd(callId: string, atMs: number): void {
    const live = this.calls.get(callId);
    const person = live?.staffId ? this.persons.get(live.staffId) : undefined;
    if (!live || live.state !== 'talking' || !person) return;
    live.state = 'wrap';
    this.emit(atMs, { type: 'call.ended', callId, wrapSeconds: live.spec.wrapSeconds });
    this.setActivity(person, atMs, 'wrap-up');
    this.heap.push({ kind: 'wrap-end', atMs: atMs + live.spec.wrapSeconds * 1000, callId });
  }

  private onWrapEnd(callId: string, atMs: number): void {
    const live = this.calls.get(callId);
    const person = live?.staffId ? this.persons.get(live.staffId) : undefined;
    if (!live || live.state !== 'wrap') return;
    live.state = 'gone';
    this.calls.delete(callId);
    if (!person || person.call !== live) return;
    person.call = null;
    const pending = person.pending;
    person.pending = null;
    if (pending?.kind === 'leave') return this.depart(person, atMs);
    if (pending) return this.startPause(person, pending.kind, pending.durationMs, atMs);
    this.setActivity(person, atMs, dutyActivity(person.duty));
    person.availableSinceMs = atMs;
    this.serveNext(person, atMs);
  }

  private onAbandon(callId: string, atMs: number): void {
    const live = this.calls.get(callId);
    if (!live || live.state !== 'waiting') return;
    live.state = 'gone';
    this.calls.delete(callId);
    this.emit(atMs, { type: 'call.abandoned', callId });
  }

  /** Gives a newly free agent the longest-waiting call among the queues they answer. */
  private serveNext(person: Person, atMs: number): void {
    if (!person.signedIn || person.call || person.duty !== 'phone' || person.activity !== 'available') return;
    let best: { live: LiveCall; queue: LiveCall[] } | null = null;
    for (const skill of person.skills) {
      const queue = this.queues.get(skill);
      if (!queue) continue;
      while (queue.length > 0 && queue[0]?.state !== 'waiting') queue.shift();
      const head = queue[0];
      if (head && (!best || head.spec.offeredMs < best.live.spec.offeredMs)) best = { live: head, queue };
    }
    if (!best) return;
    best.queue.shift();
    this.ring(best.live, person, atMs);
  }

  /** Takes `person` off their call when they leave the roster: a talking call ends, a ringing one goes back to the queue. */
  private dropCall(person: Person): void {
    const live = person.call;
    person.call = null;
    if (!live) return;
    if (live.state === 'talking') this.emit(this.clock, { type: 'call.ended', callId: live.spec.callId, wrapSeconds: 0 });
    if (live.state === 'ringing') {
      live.state = 'waiting';
      live.staffId = null;
      const queue = this.queues.get(live.spec.queue) ?? [];
      queue.unshift(live);
      this.queues.set(live.spec.queue, queue);
      this.heap.push({ kind: 'abandon', atMs: Math.max(this.clock, live.spec.offeredMs + live.spec.patienceMs), callId: live.spec.callId });
      return;
    }
    live.state = 'gone';
    this.calls.delete(live.spec.callId);
  }

  // ---- output -----------------------------------------------------------------------------

  private emit(atMs: number, body: EventBody): void {
    this.out.push({ id: `sim-${this.options.runId}-${++this.eventSeq}`, at: new Date(atMs).toISOString(), source: SIMULATOR_SOURCE, ...body });
  }

  private flush(): FloorEvent[] {
    const events = this.out;
    this.out = [];
    return events;
  }
}
