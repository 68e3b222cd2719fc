/** How the supervisor console words surges, people, seats and server errors. Pure. */
import type { FloorSnapshot, SurgeView } from '../../../../shared/snapshot.js';
import { DECLARED_CAUSES } from '../../../../shared/vocabulary.js';
import { translateOr, type Translate } from '../../i18n/index.js';
import { minSec, percent } from '../../lib/format.js';

type Unit = NonNullable<SurgeView['unit']>;

const DECLARED = new Set<string>(DECLARED_CAUSES);
/** Ratios that are an excess over forecast (+32%) rather than a rate (71%). */
const EXCESS = new Set<string>(['deviation', ...DECLARED_CAUSES]);

/** The unit a cause is measured in, for surges from before the server sent `unit`. */
function unitOf(cause: string): Unit {
  if (EXCESS.has(cause) || cause === 'service-level' || cause === 'answer-rate') return 'ratio';
  if (cause === 'longest-wait') return 'seconds';
  if (cause === 'staffing') return 'staff';
  return 'calls';
}

/**
 * A measured value or threshold in its unit: `+32%` over forecast, `71%` service level,
 * `2:41` of waiting, `12 calls`, `9 staff`.
 */
function measure(t: Translate, cause: string, value: number, unit: Unit = unitOf(cause)): string {
  switch (unit) {
    case 'ratio':
      return EXCESS.has(cause) ? `+${Math.round(value * 100)}%` : percent(value);
    case 'seconds':
      return minSec(value);
    case 'staff':
      return t('sup.unit.staff', { n: Math.round(value * 10) / 10 });
    default:
      return t('sup.unit.calls', { n: Math.round(value * 10) / 10 });
  }
}

/** Rates trigger when they fall under their threshold; everything else when it reaches it. */
function triggersBelow(cause: string): boolean {
  return cause === 'service-level' || cause === 'answer-rate';
}

/**
 * A trigger's reading in words: the value (shown bold) and what it is against. Required staff
 * reads against the staff on the phones, a declared cause against nothing (it is an estimate).
 */
export function reading(t: Translate, cause: string, measured: number, threshold: number, unit?: Unit): { value: string; against: string } {
  if (DECLARED.has(cause)) return { value: measure(t, cause, measured, unit), against: '' };
  if (cause === 'staffing') return { value: t('sup.vs.required', { n: Math.round(measured) }), against: t('sup.vs.onPhones', { n: Math.round(threshold) }) };
  return { value: measure(t, cause, measured, unit), against: `${triggersBelow(cause) ? '<' : '≥'} ${t('sup.threshold')} ${measure(t, cause, threshold, unit)}` };
}

export function isDeclared(surge: SurgeView): boolean {
  return surge.declared !== undefined || DECLARED.has(surge.cause);
}

export const causeName = (t: Translate, cause: string) => translateOr(t, `cause.${cause}`, cause);

/** Looks up names and seat labels in a snapshot. */
export function directory(snapshot: FloorSnapshot) {
  const names = new Map((snapshot.staff ?? []).map((s) => [s.staffId, s.name]));
  const labels = new Map(snapshot.seats.map((s) => [s.seatId, s.label]));
  return {
    name: (staffId: string) => names.get(staffId) ?? '',
    seat: (seatId: string | null) => (seatId === null ? '—' : (labels.get(seatId) ?? seatId)),
  };
}

export type Directory = ReturnType<typeof directory>;

/** A failed command for people: what kind of failure, in their language, then the server's words. */
export function errorText(t: Translate, err: { error: string; message: string }): string {
  return `${translateOr(t, `sup.error.${err.error}`, t('sup.error.internal'))} — ${err.message}`;
}
