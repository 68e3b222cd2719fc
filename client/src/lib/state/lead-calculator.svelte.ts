/**
 * The what-if staffing calculator: offered calls, AHT, service-level target and answer time in;
 * staff needed, service level, occupancy and ASA out, computed as the inputs change with the
 * same `requiredStaff` (and the same interval length and occupancy cap) the server's
 * `GET /api/v1/staffing` uses.
 */
import type { Settings } from '../../../../shared/settings.js';
import { requiredStaff, StaffingInputError, type StaffingResult } from '../../../../shared/staffing/erlang.js';
import { api } from '../api.js';

export type CalculatorField = 'offered' | 'ahtSeconds' | 'targetPct' | 'answerSeconds';

/** Why a field was refused: empty, or outside `[min, max]` (`> min` when `exclusiveMin`). */
export type FieldError = { kind: 'required' } | { kind: 'range'; min: number; max: number; exclusiveMin: boolean };

/** The bounds `GET /api/v1/staffing` accepts, so the two never disagree on what is valid. */
const BOUNDS: Record<CalculatorField, { min: number; max: number; exclusiveMin: boolean }> = {
  offered: { min: 0, max: 1_000_000, exclusiveMin: false },
  ahtSeconds: { min: 0, max: 86_400, exclusiveMin: true },
  targetPct: { min: 0, max: 100, exclusiveMin: true },
  answerSeconds: { min: 0, max: 3600, exclusiveMin: false },
};

export type CalculatorOutcome =
  | { ok: true; result: StaffingResult }
  | { ok: false; errors: Partial<Record<CalculatorField, FieldError>>; message?: string };

function check(value: number | null | undefined, field: CalculatorField): FieldError | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return { kind: 'required' };
  const b = BOUNDS[field];
  const low = b.exclusiveMin ? value <= b.min : value < b.min;
  return low || value > b.max ? { kind: 'range', ...b } : null;
}

/** Starting inputs: a busy half hour on the demo floor, at the default target (80% in 20 s). */
const START = { offered: 120, ahtSeconds: 240, targetPct: 80, answerSeconds: 20 };

export class StaffingCalculator {
  /** Inputs as bound to number fields: null while a field is empty or not a number. */
  offered = $state<number | null>(START.offered);
  ahtSeconds = $state<number | null>(START.ahtSeconds);
  targetPct = $state<number | null>(START.targetPct);
  answerSeconds = $state<number | null>(START.answerSeconds);
  /** Site settings the server's calculator also uses. */
  intervalMinutes = $state(30);
  maxOccupancy = $state(0.85);

  outcome = $derived.by((): CalculatorOutcome => {
    const values: Record<CalculatorField, number | null> = { offered: this.offered, ahtSeconds: this.ahtSeconds, targetPct: this.targetPct, answerSeconds: this.answerSeconds };
    const errors: Partial<Record<CalculatorField, FieldError>> = {};
    for (const field of Object.keys(values) as CalculatorField[]) {
      const e = check(values[field], field);
      if (e) errors[field] = e;
    }
    if (Object.keys(errors).length) return { ok: false, errors };
    try {
      const result = requiredStaff({
        offered: this.offered!,
        ahtSeconds: this.ahtSeconds!,
        targetServiceLevel: this.targetPct! / 100,
        targetAnswerSeconds: this.answerSeconds!,
        maxOccupancy: this.maxOccupancy,
        intervalSeconds: this.intervalMinutes * 60,
      });
      return { ok: true, result };
    } catch (err) {
      if (err instanceof StaffingInputError) return { ok: false, errors: {}, message: err.message };
      throw err;
    }
  });

  /** Takes the site's interval, occupancy cap and service-level target from its settings. */
  async load(token: string): Promise<void> {
    try {
      this.apply(await api<Settings>(token, 'GET', '/api/v1/settings'));
    } catch {
      // The defaults match the server's default settings; the panel says which it assumes.
    }
  }

  /** The site's target and answer time replace the starting values only if nobody has changed them yet. */
  apply(settings: Pick<Settings, 'intervalMinutes' | 'maxOccupancy' | 'serviceLevelTarget' | 'serviceLevelSeconds'>): void {
    this.intervalMinutes = settings.intervalMinutes;
    this.maxOccupancy = settings.maxOccupancy;
    if (this.targetPct === START.targetPct) this.targetPct = Math.round(settings.serviceLevelTarget * 1000) / 10;
    if (this.answerSeconds === START.answerSeconds) this.answerSeconds = settings.serviceLevelSeconds;
  }
}
