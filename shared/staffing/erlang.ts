/**
 * Staffing math for SPEC "Forecast, capacity and the five tables" and "Surges": how many
 * staff an interval needs (Erlang C, or Erlang A where callers abandon), the service level a
 * given number of staff delivers, and the rulebook's busy-hour supportable volume.
 *
 * Pure, no I/O, no Node or DOM imports: the server and the browser both use it.
 *
 * Definitions (every figure here uses them):
 * - **traffic** A (Erlangs) = offered × AHT / interval, the average number of calls in service
 *   if nobody ever waited;
 * - **service level** = calls answered within T seconds / calls offered. A call that abandons
 *   counts against it, even if it hung up before T;
 * - **probability of wait** = share of callers who find every one of the N staff busy;
 * - **ASA** (average speed of answer) = mean wait, in seconds, of the calls that are answered
 *   (calls answered at once count as 0 s; with Erlang C every call is answered);
 * - **occupancy** = handled load / staff: A / N for Erlang C, (1 − P(abandon)) · A / N for
 *   Erlang A, where only answered calls are handled;
 * - **staff** = the smallest N whose service level is ≥ the target and whose occupancy (and,
 *   for Erlang A, abandon rate) is ≤ its cap; **scheduled staff** = ceil(staff / (1 − shrinkage)).
 *
 * Methods: Erlang B by its recurrence B(n) = A·B(n−1) / (n + A·B(n−1)) (no factorials, so
 * exact from 0 to tens of thousands of staff); Erlang C from Erlang B; Erlang A (M/M/N+M) by a
 * scaled summation of its birth–death chain, with the waiting-time law written as a
 * negative-binomial sum (see {@link erlangAMetrics}).
 *
 * Comparisons against targets and caps, and the ceiling for scheduled staff, forgive a relative
 * difference of {@link STAFFING_TOLERANCE}, so float noise such as 9.8 / 0.7 =
 * 14.000000000000002 does not cost an extra seat.
 */

export interface StaffingInput {
  /** Calls offered in the interval (a forecast may be fractional); ≥ 0. */
  offered: number;
  /** Interval length in seconds, e.g. 1800; > 0. */
  intervalSeconds: number;
  /** Average handle time (talk + wrap) in seconds; > 0 (0 is accepted only when `offered` is 0). */
  ahtSeconds: number;
  /** Service-level target as a fraction in (0, 1], e.g. 0.8 for 80 %. */
  targetServiceLevel: number;
  /** T: the answer-time threshold of the service level, in seconds, e.g. 20; ≥ 0. */
  targetAnswerSeconds: number;
  /** Occupancy cap as a fraction in (0, 1], e.g. 0.85. No cap when omitted. */
  maxOccupancy?: number;
  /** Share of paid time not on the phones, in [0, 1), e.g. 0.3. 0 when omitted. */
  shrinkage?: number;
  /**
   * Mean caller patience in seconds (exponential); when given, Erlang A (M/M/N+M) is used.
   * > 0, and (offered / intervalSeconds) × patienceSeconds ≤ 1e7.
   */
  patienceSeconds?: number;
  /** Erlang A only: the abandon probability must be ≤ this fraction in [0, 1]. */
  maxAbandonRate?: number;
}

export interface StaffingResult {
  /** Staff on the phones (N). */
  staff: number;
  /** Staff to schedule so that `staff` remain after shrinkage: ceil(staff / (1 − shrinkage)). */
  scheduledStaff: number;
  /** Answered within T / offered, as a fraction, at N = `staff`. */
  serviceLevel: number;
  /** Share of callers who wait at all (find all N busy). */
  probabilityOfWait: number;
  /** Mean wait of answered calls in seconds; `Infinity` when no call is ever answered (N = 0, or Erlang C with N ≤ A). */
  asaSeconds: number;
  /** Handled load / staff as a fraction; 0 when N = 0 or nothing is offered; 1 for Erlang C with N ≤ A (the queue only grows). */
  occupancy: number;
  /** A = offered × AHT / interval, in Erlangs. */
  trafficErlangs: number;
  /** Erlang A only: share of offered calls that hang up while waiting. */
  probabilityOfAbandon?: number;
}

/** A rejected {@link StaffingInput}; `field` names the offending field. */
export class StaffingInputError extends Error {
  /** The input field that was rejected, e.g. `offered`. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.name = 'StaffingInputError';
    this.field = field;
  }
}

/**
 * Relative slack for comparing a computed figure with a target or cap, and for the ceiling of
 * scheduled staff: differences this small are float noise, not a missed target.
 */
export const STAFFING_TOLERANCE = 1e-9;

/**
 * Erlang A sums one term per possible queue length, and with N below A the queue settles
 * around (λ − Nμ)·patience: so λ·patience (callers arriving within one mean patience) bounds
 * the work. Past ten million Erlang A is indistinguishable from Erlang C for any N that
 * could meet a target, and the exact sum would take seconds.
 */
const MAX_ARRIVALS_PER_PATIENCE = 1e7;

/** Negligible relative size for truncating series (below double precision). */
const SERIES_EPSILON = 1e-17;

/** `value` ≥ `target`, forgiving float noise. */
function atLeast(value: number, target: number): boolean {
  return value >= target - STAFFING_TOLERANCE * Math.abs(target);
}

/** `value` ≤ `cap`, forgiving float noise. */
function atMost(value: number, cap: number): boolean {
  return value <= cap + STAFFING_TOLERANCE * Math.abs(cap);
}

/** ceil(x), except that x within the tolerance of an integer is that integer (21 / 0.7 = 30.000000000000004 → 30). */
function ceilTolerant(x: number): number {
  const nearest = Math.round(x);
  return Math.abs(x - nearest) <= STAFFING_TOLERANCE * Math.max(1, Math.abs(x)) ? nearest : Math.ceil(x);
}

/**
 * Erlang B: the share of calls blocked when `servers` serve `trafficErlangs` of traffic with
 * no queue. Uses the recurrence B(0) = 1, B(n) = A·B(n−1) / (n + A·B(n−1)), which is stable
 * and never forms a factorial, so it is exact for any number of servers.
 * @example erlangB(10, 10) // 0.2145823…
 */
export function erlangB(servers: number, trafficErlangs: number): number {
  let b = 1;
  for (let n = 1; n <= servers; n++) b = (trafficErlangs * b) / (n + trafficErlangs * b);
  return b;
}

/**
 * Erlang C: the probability that a call waits when `servers` > `trafficErlangs` (otherwise 1,
 * as the queue grows without bound). C = N·B / (N − A·(1 − B)), with B = Erlang B.
 * @example erlangC(11, 10) // 0.6821104…
 */
export function erlangC(servers: number, trafficErlangs: number): number {
  if (servers <= trafficErlangs) return 1;
  return erlangCFromB(servers, trafficErlangs, erlangB(servers, trafficErlangs));
}

function erlangCFromB(n: number, a: number, b: number): number {
  return (n * b) / (n - a * (1 - b));
}

/** The validated input, with defaults filled in and the derived rates. */
interface Model {
  offered: number;
  trafficErlangs: number;
  /** λ, calls per second. */
  arrivalsPerSecond: number;
  ahtSeconds: number;
  targetServiceLevel: number;
  targetAnswerSeconds: number;
  maxOccupancy: number;
  shrinkage: number;
  patienceSeconds: number | undefined;
  maxAbandonRate: number | undefined;
}

interface Metrics {
  serviceLevel: number;
  probabilityOfWait: number;
  asaSeconds: number;
  occupancy: number;
  probabilityOfAbandon?: number;
}

type Check = (value: number) => boolean;
const nonNegative: [Check, string] = [(v) => v >= 0, '≥ 0'];
const positive: [Check, string] = [(v) => v > 0, '> 0'];
const fraction01: [Check, string] = [(v) => v > 0 && v <= 1, 'in (0, 1]'];

function field(input: StaffingInput, name: keyof StaffingInput, [ok, rule]: [Check, string], optional = false): number | undefined {
  const value: unknown = input[name];
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
    throw new StaffingInputError(name, `staffing input: ${name} must be a finite number ${rule} (got ${String(value)})`);
  }
  return value;
}

function validate(input: StaffingInput): Model {
  if (typeof input !== 'object' || input === null) throw new StaffingInputError('input', 'staffing input: expected an object');
  const offered = field(input, 'offered', nonNegative)!;
  const intervalSeconds = field(input, 'intervalSeconds', positive)!;
  const ahtSeconds = field(input, 'ahtSeconds', offered > 0 ? positive : nonNegative)!;
  const targetServiceLevel = field(input, 'targetServiceLevel', fraction01)!;
  const targetAnswerSeconds = field(input, 'targetAnswerSeconds', nonNegative)!;
  const maxOccupancy = field(input, 'maxOccupancy', fraction01, true) ?? 1;
  const shrinkage = field(input, 'shrinkage', [(v) => v >= 0 && v < 1, 'in [0, 1)'], true) ?? 0;
  const patienceSeconds = field(input, 'patienceSeconds', positive, true);
  const maxAbandonRate = field(input, 'maxAbandonRate', [(v) => v >= 0 && v <= 1, 'in [0, 1]'], true);
  if (maxAbandonRate !== undefined && patienceSeconds === undefined) {
    throw new StaffingInputError('maxAbandonRate', 'staffing input: maxAbandonRate needs patienceSeconds (it applies to Erlang A only)');
  }
  if (patienceSeconds !== undefined && (offered / intervalSeconds) * patienceSeconds > MAX_ARRIVALS_PER_PATIENCE) {
    throw new StaffingInputError(
      'patienceSeconds',
      `staffing input: patienceSeconds × calls per second must be ≤ ${MAX_ARRIVALS_PER_PATIENCE} for Erlang A (got ${patienceSeconds} s × ${offered / intervalSeconds}/s); with patience this long omit patienceSeconds and use Erlang C`,
    );
  }
  return {
    offered,
    trafficErlangs: (offered * ahtSeconds) / intervalSeconds,
    arrivalsPerSecond: offered / intervalSeconds,
    ahtSeconds,
    targetServiceLevel,
    targetAnswerSeconds,
    maxOccupancy,
    shrinkage,
    patienceSeconds,
    maxAbandonRate,
  };
}

function checkStaff(staff: number): void {
  if (typeof staff !== 'number' || !Number.isInteger(staff) || staff < 0) {
    throw new StaffingInputError('staff', `staffing input: staff must be a whole number ≥ 0 (got ${String(staff)})`);
  }
}

const IDLE: Metrics = { serviceLevel: 1, probabilityOfWait: 0, asaSeconds: 0, occupancy: 0 };

/**
 * Erlang C (M/M/N) metrics at N = `n` given B = Erlang B(n, A):
 * P(wait) = C; SL = 1 − C·e^{−(N−A)·T/AHT}; ASA = C·AHT / (N − A); occupancy = A / N.
 */
function erlangCMetrics(n: number, b: number, m: Model): Metrics {
  const a = m.trafficErlangs;
  if (n <= a) return { serviceLevel: 0, probabilityOfWait: 1, asaSeconds: Infinity, occupancy: n === 0 ? 0 : 1 };
  const c = erlangCFromB(n, a, b);
  return {
    serviceLevel: Math.max(0, 1 - c * Math.exp((-(n - a) * m.targetAnswerSeconds) / m.ahtSeconds)),
    probabilityOfWait: c,
    asaSeconds: (c * m.ahtSeconds) / (n - a),
    occupancy: a / n,
  };
}

/**
 * Erlang A (M/M/N+M) metrics at N = `n` given B = Erlang B(n, A): Poisson arrivals λ,
 * exponential handling with rate μ = 1/AHT, each waiting caller hangs up at rate θ = 1/patience.
 *
 * With x = Nμ/θ and y = λ/θ, the stationary chain has π(N+j) = π(N)·r_j for j callers queued,
 * r_j = Π_{k=1..j} y / (x + k), and π(k ≤ N) ∝ the Erlang B weights, so with Σ_{k≤N} π = 1,
 * π(N) = B and the normaliser is Z = 1 − B + B·Σ r_j.
 * - P(wait) = B·Σ r_j / Z; P(abandon) = θ·E[queue] / λ = B·Σ j·r_j / (y·Z).
 * - A caller who finds j waiting is served after V_j, a sum of exponentials with rates
 *   θ(x + i), i = 0..j, which is distributed as the (j+1)-th failure among x + j exponential
 *   clocks: P(served by t, before hanging up) = x/(x+j+1) · P(K ≥ j+1), K ~ NegBin(x + 1,
 *   p = 1 − e^{−θt}); so SL = [1 − B + B·Σ_{k≥1} P(K = k)·W_{k−1}] / Z with
 *   W_m = Σ_{j≤m} r_j·x/(x+j+1) — a sum of positive terms, free of cancellation.
 * - E[wait; served | j] = x/(x+j+1) · (1/θ)·Σ_{i=1..j+1} 1/(x+i); ASA divides by P(served).
 * The r_j are summed scaled by their peak (they can exceed 1e300 when N is well below A) and
 * truncated once the remaining tail is below double precision.
 */
function erlangAMetrics(n: number, b: number, m: Model, patienceSeconds: number): Metrics {
  if (n === 0) return { serviceLevel: 0, probabilityOfWait: 1, asaSeconds: Infinity, occupancy: 0, probabilityOfAbandon: 1 };
  const x = (n * patienceSeconds) / m.ahtSeconds;
  const y = m.arrivalsPerSecond * patienceSeconds;
  const thetaT = m.targetAnswerSeconds / patienceSeconds;
  const logY = Math.log(y);

  // The terms r_j rise while j < y − x; scale every term by the peak so none overflows.
  let logPeak = 0;
  for (let j = 1; j < y - x; j++) logPeak += logY - Math.log(x + j);

  const logP = Math.log(-Math.expm1(-thetaT)); // log(1 − e^{−θT}); −∞ when T = 0
  let logD = -(x + 1) * thetaT; // log P(K = 0) = (x + 1)·log(e^{−θT})
  let headD = Math.exp(logD); // P(K ≤ j + 1), summed as we go
  let logR = 0;
  let sum0 = 0; // Σ r_j
  let sum1 = 0; // Σ j·r_j
  let served = 0; // W_j = Σ r_j·x/(x+j+1)
  let waitServed = 0; // Σ r_j·x/(x+j+1)·Σ_{i≤j+1} 1/(x+i)
  let withinT = 0; // Σ_{k≤j+1} P(K = k)·W_{k−1}
  let harmonic = 0;
  let j = 0;
  for (; ; j++) {
    if (j > 0) logR += logY - Math.log(x + j);
    const r = Math.exp(logR - logPeak);
    sum0 += r;
    sum1 += j * r;
    harmonic += 1 / (x + j + 1);
    const servedShare = x / (x + j + 1);
    served += r * servedShare;
    waitServed += r * servedShare * harmonic;
    logD += Math.log((j + x + 1) / (j + 1)) + logP; // P(K = j+1) / P(K = j) = (j + x + 1)/(j + 1)·p
    const d = Math.exp(logD);
    headD += d;
    withinT += d * served;
    if (j + 1 > y - x) {
      // Past the peak the terms fall at least geometrically with ratio rho < 1.
      const rho = y / (x + j + 1);
      const tail0 = (r * rho) / (1 - rho);
      const tail1 = r * ((rho * (j + 1)) / (1 - rho) + rho / (1 - rho) ** 2);
      if (tail0 <= SERIES_EPSILON * sum0 && tail1 <= SERIES_EPSILON * sum1 && (tail0 + tail1) / (x + 1) <= SERIES_EPSILON * waitServed) break;
    }
  }

  // Beyond j the weights W have converged to `served`: add served·P(K ≥ j + 2).
  let tailD: number;
  if (headD <= 0.5) {
    tailD = 1 - headD;
  } else {
    tailD = 0;
    const p = -Math.expm1(-thetaT);
    const mode = x * Math.expm1(thetaT);
    for (let k = j + 2; ; k++) {
      logD += Math.log((k + x) / k) + logP;
      const d = Math.exp(logD);
      tailD += d;
      const ratio = ((k + x + 1) / (k + 1)) * p;
      if (k > mode && ratio < 1 && (d * ratio) / (1 - ratio) <= SERIES_EPSILON * tailD) break;
    }
  }
  withinT += served * tailD;

  // Combine with the N-or-fewer states, whose total is 1 and of which π(N) = B; the queue
  // part carries the factor e^{logScale} = B·e^{logPeak}, which may be huge or tiny.
  const logScale = Math.log(b) + logPeak;
  let z: number, pWait: number, pAbandon: number, pServed: number, sl: number, waitServedSeconds: number;
  if (logScale >= 0) {
    const free = (1 - b) * Math.exp(-logScale);
    z = free + sum0;
    pWait = sum0 / z;
    pAbandon = sum1 / y / z;
    pServed = (free + served) / z;
    sl = (free + withinT) / z;
    waitServedSeconds = (waitServed * patienceSeconds) / z;
  } else {
    const scale = Math.exp(logScale);
    z = 1 - b + scale * sum0;
    pWait = (scale * sum0) / z;
    pAbandon = (scale * sum1) / y / z;
    pServed = (1 - b + scale * served) / z;
    sl = (1 - b + scale * withinT) / z;
    waitServedSeconds = (scale * waitServed * patienceSeconds) / z;
  }
  return {
    serviceLevel: Math.min(1, sl),
    probabilityOfWait: Math.min(1, pWait),
    asaSeconds: waitServedSeconds / pServed,
    occupancy: Math.min(1, (pServed * m.trafficErlangs) / n),
    probabilityOfAbandon: Math.min(1, pAbandon),
  };
}

/** Erlang B for n = 0, 1, 2, … by the recurrence, computed once and kept for the search. */
function erlangBTable(a: number): (n: number) => number {
  let values = new Float64Array(256);
  values[0] = 1;
  let filled = 0;
  return (n) => {
    if (n > filled) {
      if (n >= values.length) {
        const grown = new Float64Array(Math.max(n + 1, values.length * 2));
        grown.set(values);
        values = grown;
      }
      let b = values[filled]!;
      for (let k = filled + 1; k <= n; k++) {
        b = (a * b) / (k + a * b);
        values[k] = b;
      }
      filled = n;
    }
    return values[n]!;
  };
}

function meets(metrics: Metrics, m: Model): boolean {
  return (
    atLeast(metrics.serviceLevel, m.targetServiceLevel) &&
    atMost(metrics.occupancy, m.maxOccupancy) &&
    (m.maxAbandonRate === undefined || atMost(metrics.probabilityOfAbandon ?? 0, m.maxAbandonRate))
  );
}

function result(staff: number, metrics: Metrics, m: Model): StaffingResult {
  const out: StaffingResult = {
    staff,
    scheduledStaff: ceilTolerant(staff / (1 - m.shrinkage)),
    serviceLevel: metrics.serviceLevel,
    probabilityOfWait: metrics.probabilityOfWait,
    asaSeconds: metrics.asaSeconds,
    occupancy: metrics.occupancy,
    trafficErlangs: m.trafficErlangs,
  };
  if (m.patienceSeconds !== undefined) out.probabilityOfAbandon = metrics.probabilityOfAbandon ?? 0;
  return out;
}

/** Past this many staff the targets are treated as unreachable rather than searched forever. */
const MAX_STAFF = 100_000_000;

function unreachable(): never {
  throw new Error(`staffing: no staff level up to ${MAX_STAFF} meets the targets`);
}

/** Erlang C: step up from the first stable N (and the occupancy floor), carrying B forward. */
function requiredErlangC(m: Model): StaffingResult {
  const a = m.trafficErlangs;
  const start = Math.max(1, Math.floor(a) + 1, Math.floor(a / (m.maxOccupancy * (1 + STAFFING_TOLERANCE))));
  let b = erlangB(start, a);
  for (let n = start; n <= MAX_STAFF; n++) {
    if (n > start) b = (a * b) / (n + a * b);
    const metrics = erlangCMetrics(n, b, m);
    if (meets(metrics, m)) return result(n, metrics, m);
  }
  return unreachable();
}

/**
 * Erlang A: each constraint only gets easier as N grows, so gallop from N ≈ A to bracket the
 * answer, then bisect. The answer may lie below A: abandonment keeps the queue finite.
 */
function requiredErlangA(m: Model, patienceSeconds: number): StaffingResult {
  const bAt = erlangBTable(m.trafficErlangs);
  const cache = new Map<number, Metrics>();
  const metricsAt = (n: number): Metrics => {
    let metrics = cache.get(n);
    if (!metrics) {
      metrics = erlangAMetrics(n, bAt(n), m, patienceSeconds);
      cache.set(n, metrics);
    }
    return metrics;
  };
  const ok = (n: number): boolean => n > 0 && meets(metricsAt(n), m);

  const guess = Math.max(1, Math.ceil(m.trafficErlangs));
  let fail: number; // known not to meet (or 0)
  let pass: number; // known to meet
  if (ok(guess)) {
    pass = guess;
    let step = 1;
    while (pass - step > 0 && ok(pass - step)) {
      pass -= step;
      step *= 2;
    }
    fail = Math.max(0, pass - step);
  } else {
    fail = guess;
    let step = 1;
    while (!ok(fail + step)) {
      fail += step;
      step *= 2;
      if (fail > MAX_STAFF) unreachable();
    }
    pass = fail + step;
  }
  while (pass - fail > 1) {
    const mid = Math.floor((fail + pass) / 2);
    if (ok(mid)) pass = mid;
    else fail = mid;
  }
  return result(pass, metricsAt(pass), m);
}

/**
 * The fewest staff on the phones that meet the service-level target (SL ≥ target) and the
 * occupancy cap (occupancy ≤ cap), and with Erlang A also the abandon cap; the metrics
 * returned are those at that N. Erlang C unless `patienceSeconds` is given. No calls offered
 * needs no staff (service level 1, occupancy 0).
 *
 * A = offered × AHT / interval. Erlang C: P(wait) = C(N, A), SL = 1 − C·e^{−(N−A)·T/AHT},
 * ASA = C·AHT / (N − A), occupancy = A / N, and N must exceed A. Erlang A: see the module
 * notes; N may be below A.
 *
 * @throws StaffingInputError naming the field when the input is not finite or out of range.
 * @example
 * // 100 calls in 30 min, AHT 180 s → A = 10 Erlangs; 80 % in 20 s, occupancy ≤ 85 %, shrinkage 30 %
 * requiredStaff({ offered: 100, intervalSeconds: 1800, ahtSeconds: 180, targetServiceLevel: 0.8,
 *   targetAnswerSeconds: 20, maxOccupancy: 0.85, shrinkage: 0.3 })
 * // { staff: 14, scheduledStaff: 20, serviceLevel: 0.8883…, probabilityOfWait: 0.1741…,
 * //   asaSeconds: 7.83…, occupancy: 0.7142…, trafficErlangs: 10 }
 * // Erlang A, callers' mean patience 60 s, and at most 2 % may abandon:
 * requiredStaff({ offered: 100, intervalSeconds: 1800, ahtSeconds: 180, targetServiceLevel: 0.5,
 *   targetAnswerSeconds: 20, patienceSeconds: 60, maxAbandonRate: 0.02 })
 * // { staff: 15, serviceLevel: 0.9671…, probabilityOfAbandon: 0.0177…, occupancy: 0.6548…, … }
 * // (without maxAbandonRate: 8 staff, SL 0.5275…, probabilityOfAbandon 0.2783…)
 */
export function requiredStaff(input: StaffingInput): StaffingResult {
  const m = validate(input);
  if (m.offered === 0) return result(0, m.patienceSeconds === undefined ? IDLE : { ...IDLE, probabilityOfAbandon: 0 }, m);
  return m.patienceSeconds === undefined ? requiredErlangC(m) : requiredErlangA(m, m.patienceSeconds);
}

/**
 * The metrics when exactly `staff` are on the phones (Erlang C, or Erlang A when
 * `patienceSeconds` is given); `scheduledStaff` is what that N needs after shrinkage. The
 * targets in `input` are validated but not applied. Erlang C with N ≤ A reports service
 * level 0, wait probability 1, ASA ∞ (the queue grows without bound).
 *
 * @throws StaffingInputError when `staff` is not a whole number ≥ 0 or the input is invalid.
 * @example
 * // Westbay's worked example: 360 calls per half hour, 240 s calls, 55 agents, T = 15 s
 * serviceLevelFor(55, { offered: 360, intervalSeconds: 1800, ahtSeconds: 240,
 *   targetServiceLevel: 0.8, targetAnswerSeconds: 15 })
 * // { staff: 55, serviceLevel: 0.8458…, probabilityOfWait: 0.2387…, asaSeconds: 8.18…,
 * //   occupancy: 0.8727…, trafficErlangs: 48, … }
 */
export function serviceLevelFor(staff: number, input: StaffingInput): StaffingResult {
  checkStaff(staff);
  const m = validate(input);
  if (m.offered === 0) return result(staff, m.patienceSeconds === undefined ? IDLE : { ...IDLE, probabilityOfAbandon: 0 }, m);
  const b = erlangB(staff, m.trafficErlangs);
  const metrics = m.patienceSeconds === undefined ? erlangCMetrics(staff, b, m) : erlangAMetrics(staff, b, m, m.patienceSeconds);
  return result(staff, metrics, m);
}

/**
 * The rulebook's busy-hour capacity (可承受话务量): supportable calls per hour = staff on
 * phones × the most calls one agent connects in a busy hour (忙时每员工每小时的最高接通量).
 * @throws StaffingInputError when either figure is negative or not finite.
 * @example supportableCalls(42, 12) // 504 calls per hour
 */
export function supportableCalls(staffOnPhones: number, busyHourCallsPerAgent: number): number {
  for (const [name, value] of [['staffOnPhones', staffOnPhones], ['busyHourCallsPerAgent', busyHourCallsPerAgent]] as const) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new StaffingInputError(name, `supportableCalls: ${name} must be a finite number ≥ 0 (got ${String(value)})`);
    }
  }
  return staffOnPhones * busyHourCallsPerAgent;
}
