/**
 * The thresholds and capacity form: every number as the admin reads it (percentages as 80,
 * not 0.8), checked here and again by the server, with errors kept per field.
 */
import type { NonPhoneWork } from '../../../../shared/roster.js';
import type { Settings } from '../../../../shared/settings.js';
import type { SurgeThresholds } from '../../../../shared/surge/types.js';
import { Task, type AdminApi } from './admin.svelte.js';

export type SettingsUnit = 'percent' | 'seconds' | 'minutes' | 'calls' | 'callsPerHour' | 'seats' | 'ratio' | 'z';

type TopNumberKey = 'serviceLevelSeconds' | 'serviceLevelTarget' | 'busyHourCallsPerAgent' | 'maxOccupancy' | 'emergencyReserve' | 'moveTimeoutMinutes';
/** A settings number by its path: `maxOccupancy`, `surge.holdOffMinutes`. */
export type FieldKey = TopNumberKey | `surge.${keyof SurgeThresholds}`;

export interface FieldSpec {
  key: FieldKey;
  unit: SettingsUnit;
  /** Allowed range as shown (percent fields in %), mirroring the server's schema. */
  min: number;
  max: number;
  step: number;
  integer: boolean;
}

const f = (key: FieldKey, unit: SettingsUnit, min: number, max: number, step = 1): FieldSpec => ({ key, unit, min, max, step, integer: false });
/** A whole-number field. */
const whole = (key: FieldKey, unit: SettingsUnit, min: number, max: number): FieldSpec => ({ ...f(key, unit, min, max), integer: true });

export const SETTINGS_GROUPS: { id: 'service' | 'capacity' | 'surge' | 'rates' | 'moves'; fields: FieldSpec[] }[] = [
  { id: 'service', fields: [f('serviceLevelTarget', 'percent', 1, 100), whole('serviceLevelSeconds', 'seconds', 1, 600)] },
  { id: 'capacity', fields: [f('busyHourCallsPerAgent', 'callsPerHour', 1, 200, 0.5), f('maxOccupancy', 'percent', 50, 100)] },
  {
    id: 'surge',
    fields: [
      f('surge.deviationPct', 'percent', 1, 1000),
      whole('surge.deviationMinutes', 'minutes', 1, 120),
      whole('surge.waitingCalls', 'calls', 1, 100_000),
      whole('surge.longestWaitSeconds', 'seconds', 1, 86_400),
      f('surge.holdOffMinutes', 'minutes', 0, 240),
      f('surge.overdispersion', 'ratio', 1, 1000, 0.1),
      f('surge.significance', 'z', 0, 20, 0.1),
    ],
  },
  {
    id: 'rates',
    fields: [
      f('surge.serviceLevelTarget', 'percent', 1, 100),
      f('surge.answerRateTarget', 'percent', 1, 100),
      whole('surge.rollingMinutes', 'minutes', 1, 240),
      whole('surge.minCallsForRates', 'calls', 0, 100_000),
    ],
  },
  { id: 'moves', fields: [whole('emergencyReserve', 'seats', 0, 50), f('moveTimeoutMinutes', 'minutes', 1, 120)] },
];
export const FIELDS: FieldSpec[] = SETTINGS_GROUPS.flatMap((g) => g.fields);

/** What the form's own check found wrong with a field (the form words it). */
export const FIELD_PROBLEMS = ['required', 'range', 'integer'] as const;
export type FieldProblem = (typeof FIELD_PROBLEMS)[number];

/** The form's own check of one field, before anything is sent: null when it is fine. */
export function checkField(spec: FieldSpec, value: number | null | undefined): FieldProblem | null {
  if (typeof value !== 'number' || Number.isNaN(value)) return 'required';
  if (value < spec.min || value > spec.max) return 'range';
  if (spec.integer && !Number.isInteger(value)) return 'integer';
  return null;
}

/** Rounds away float noise (0.29 * 100 = 28.999999999999996). */
const tidy = (n: number) => Math.round(n * 1e6) / 1e6;

function read(settings: Settings, key: FieldKey): number {
  const [a, b] = key.split('.') as [string, string | undefined];
  return b ? settings.surge[b as keyof SurgeThresholds] : (settings[a as TopNumberKey] as number);
}

/** What the form holds: numbers as shown (null when blank), the interval and the pull order. */
export interface SettingsForm {
  values: Record<string, number | null>;
  intervalMinutes: 15 | 30 | 60;
  pullPriority: NonPhoneWork[];
  /** Queue names as typed: comma- or space-separated. */
  queues: string;
}

/** Queue names from what the admin typed. */
export const splitQueues = (text: string): string[] => text.split(/[\s,;，]+/).map((q) => q.trim()).filter(Boolean);

/** The form for `settings`: percentages as 80 rather than 0.8. */
export function toForm(settings: Settings): SettingsForm {
  return {
    values: Object.fromEntries(FIELDS.map((s) => [s.key, s.unit === 'percent' ? tidy(read(settings, s.key) * 100) : read(settings, s.key)])),
    intervalMinutes: settings.intervalMinutes,
    pullPriority: [...settings.pullPriority],
    queues: settings.queues.join(', '),
  };
}

/** The PUT body for a form: every field, percentages back to fractions, the surge object whole. */
export function toBody(form: SettingsForm): Record<string, unknown> {
  const body: Record<string, unknown> = { intervalMinutes: form.intervalMinutes, pullPriority: [...form.pullPriority], queues: splitQueues(form.queues) };
  const surge: Record<string, unknown> = {};
  for (const spec of FIELDS) {
    const raw = form.values[spec.key];
    const value = raw === null || raw === undefined ? null : spec.unit === 'percent' ? tidy(raw / 100) : raw;
    const [a, b] = spec.key.split('.') as [string, string | undefined];
    if (b) surge[b] = value;
    else body[a] = value;
  }
  body.surge = surge;
  return body;
}

export class SettingsState {
  values = $state<Record<string, number | null>>({});
  intervalMinutes = $state<15 | 30 | 60>(30);
  pullPriority = $state<NonPhoneWork[]>([]);
  queues = $state('');
  readonly loading = new Task();
  readonly save = new Task();
  saved = $state.raw<Settings | null>(null);
  /** Messages per field path (`surge.holdOffMinutes`), from the last save. */
  errors = $derived(Object.fromEntries(this.save.issues.map((i) => [i.path.join('.'), i.message])) as Record<string, string>);
  dirty = $derived(this.saved !== null && JSON.stringify(toBody(this)) !== JSON.stringify(toBody(toForm(this.saved))));

  constructor(private readonly api: AdminApi) {}

  async load(): Promise<void> {
    await this.loading.run(async () => this.apply(await this.api.call<Settings>('GET', '/api/v1/settings')));
  }

  discard(): void {
    if (this.saved) this.apply(this.saved);
    this.save.reset();
  }

  /** Moves a kind of work one place earlier (-1) or later (+1) in the pull order. */
  move(index: number, by: -1 | 1): void {
    const to = index + by;
    if (to < 0 || to >= this.pullPriority.length) return;
    const next = [...this.pullPriority];
    [next[index], next[to]] = [next[to]!, next[index]!];
    this.pullPriority = next;
  }

  /** Saves the form. Blanks and out-of-range values are refused here, per field; the server checks again. */
  async submit(): Promise<boolean> {
    const problems = FIELDS.flatMap((spec) => {
      const problem = checkField(spec, this.values[spec.key]);
      return problem ? [{ path: spec.key.split('.'), message: problem }] : [];
    });
    if (problems.length) {
      this.save.fail('validation', '', problems);
      return false;
    }
    const body = toBody(this);
    return this.save.run(async () => this.apply(await this.api.call<Settings>('PUT', '/api/v1/settings', body)));
  }

  reset(): void {
    this.saved = null;
    this.values = {};
    this.loading.reset();
    this.save.reset();
  }

  private apply(settings: Settings): void {
    this.saved = settings;
    const form = toForm(settings);
    this.values = form.values;
    this.intervalMinutes = form.intervalMinutes;
    this.pullPriority = form.pullPriority;
    this.queues = form.queues;
  }
}
