/**
 * Shift plan, holidays and attendance use cases: validate → domain (`shared/planning`) →
 * persist. Authorisation is the router's (team lead and up edit the plan and leave, admins the
 * holidays, any user reads).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { PresenceMark } from '../../shared/floor/state.js';
import { attendanceCsv, attendanceReport, type AttendanceReport } from '../../shared/planning/attendance.js';
import { planChecks, type PlanChecks } from '../../shared/planning/checks.js';
import {
  daySchema,
  isMonth,
  leaveInputSchema,
  leaveMonth,
  monthDays,
  monthOf,
  monthSchema,
  planEntrySchema,
  sortEntries,
  type Leave,
  type PlanEntry,
  type PlanView,
} from '../../shared/planning/plan.js';
import { addDays, dayStart, localDayKey } from '../../shared/time.js';
import type { Clock } from '../clock.js';
import type { PlanStore } from '../store/plan-store.js';
import type { Store } from '../store/store.js';
import { parseCsv } from './csv.js';
import { AppError, validationError } from './errors.js';

export interface PlanServiceDeps {
  plans: PlanStore;
  store: Pick<Store, 'roster' | 'forecast' | 'settings' | 'readDay'>;
  /** Sign-ins and sign-outs still in the floor's live window (`FloorService.presenceSince`). */
  presenceSince(fromMs: number): PresenceMark[];
  clock: Clock;
  timeZone: string;
}

/** What a plan import replaced. */
export interface PlanReplaced {
  months: string[];
  entries: number;
}

const MAX_ENTRIES = 40_000;
const UNIQUE_KEY = 'date+staffId';

const holidaysSchema = z.strictObject({ days: z.array(daySchema).max(2000) });

export class PlanService {
  constructor(private readonly deps: PlanServiceDeps) {}

  /** The month asked for (`YYYY-MM`), or the site's current month when none is given. */
  month(query: unknown): string {
    if (query === undefined || query === '') return localDayKey(this.deps.clock.now(), this.deps.timeZone).slice(0, 7);
    const r = monthSchema.safeParse(query);
    if (!r.success) throw new AppError('validation', 'month must be YYYY-MM', [{ path: ['month'], message: 'must be a month YYYY-MM' }]);
    return r.data;
  }

  async view(month: string): Promise<PlanView> {
    const roster = this.deps.store.roster();
    const { entries } = await this.deps.plans.month(month);
    return {
      month,
      timeZone: this.deps.timeZone,
      days: monthDays(month),
      holidays: this.deps.plans.holidays().filter((d) => monthOf(d) === month),
      entries,
      staff: roster.staff.map(({ staffId, name, role, shift }) => ({ staffId, name, role, ...(shift ? { shift } : {}) })),
      shifts: roster.shifts,
    };
  }

  private rosterIndex() {
    const roster = this.deps.store.roster();
    return { staffIds: new Set(roster.staff.map((s) => s.staffId)), shiftNames: roster.shifts.map((s) => s.name) };
  }

  /**
   * Replaces the plan of every month the entries cover (and of `month`, when given, even with no
   * entries: that clears it). `{ month?, entries: [{date, staffId, shift}] }`.
   */
  async replaceFromJson(body: unknown): Promise<PlanReplaced> {
    const head = z.looseObject({ month: monthSchema.optional() }).safeParse(body);
    if (!head.success) throw validationError(head.error, 'plan');
    const month = head.data.month;
    const schema = z.strictObject({
      month: monthSchema.optional(),
      entries: z
        .array(planEntrySchema(this.rosterIndex(), month))
        .max(MAX_ENTRIES)
        .superRefine((entries, ctx) => {
          const first = new Map<string, number>();
          entries.forEach((e, i) => {
            const key = `${e.date}|${e.staffId}`;
            const at = first.get(key);
            if (at === undefined) first.set(key, i);
            else ctx.addIssue({ code: 'custom', path: [i, 'staffId'], message: `${e.staffId} already has a shift on ${e.date} (entries[${at}])` });
          });
        }),
    });
    const r = schema.safeParse(body);
    if (!r.success) throw validationError(r.error, 'plan');
    return this.replace(r.data.entries, month);
  }

  /** The same from CSV `date,staffId,shift`; every bad row is named by line and field and nothing is applied. */
  async replaceFromCsv(text: string, monthQuery: unknown): Promise<PlanReplaced> {
    const month = monthQuery === undefined ? undefined : this.month(monthQuery);
    const schema = planEntrySchema(this.rosterIndex(), month).transform((e) => ({ ...e, [UNIQUE_KEY]: `${e.date},${e.staffId}` }));
    const rows = parseCsv(text, schema, {}, 'plan', UNIQUE_KEY);
    if (rows.length > MAX_ENTRIES) throw new AppError('validation', `plan CSV rejected, nothing imported: more than ${MAX_ENTRIES} rows`);
    return this.replace(
      rows.map(({ date, staffId, shift }) => ({ date, staffId, shift })),
      month,
    );
  }

  private async replace(entries: PlanEntry[], month: string | undefined): Promise<PlanReplaced> {
    const byMonth = new Map<string, PlanEntry[]>();
    if (month) byMonth.set(month, []);
    for (const e of entries) {
      const m = monthOf(e.date);
      const list = byMonth.get(m);
      if (list) list.push(e);
      else byMonth.set(m, [e]);
    }
    if (byMonth.size === 0) throw new AppError('validation', 'the plan names no month: send entries, or the month to clear');
    for (const [m, list] of byMonth) byMonth.set(m, sortEntries(list));
    await this.deps.plans.replaceEntries(byMonth);
    return { months: [...byMonth.keys()].sort(), entries: entries.length };
  }

  async checks(month: string): Promise<PlanChecks> {
    const { store, plans, timeZone } = this.deps;
    const roster = store.roster();
    const before = addDays(`${month}-01`, -1);
    const [current, previous] = await Promise.all([plans.month(month), plans.month(monthOf(before))]);
    return planChecks({
      month,
      timeZone,
      entries: [...previous.entries.filter((e) => e.date === before), ...current.entries],
      staff: roster.staff,
      shifts: roster.shifts,
      forecast: store.forecast(),
      settings: store.settings(),
      holidays: plans.holidays(),
    });
  }

  holidays(): { days: string[] } {
    return { days: this.deps.plans.holidays() };
  }

  /** Replaces the holiday calendar with `{ days: ['YYYY-MM-DD', …] }`. */
  async setHolidays(body: unknown): Promise<{ days: string[] }> {
    const r = holidaysSchema.safeParse(body);
    if (!r.success) throw validationError(r.error, 'holidays');
    const days = [...new Set(r.data.days)].sort();
    await this.deps.plans.saveHolidays(days);
    return { days };
  }

  async attendance(month: string): Promise<AttendanceReport> {
    const { store, plans, timeZone, clock } = this.deps;
    const now = clock.now();
    const roster = store.roster();
    const days = monthDays(month);
    const before = addDays(days[0]!, -1);
    const after = addDays(days.at(-1)!, 1);
    const [previous, current, next] = await Promise.all([plans.month(monthOf(before)), plans.month(month), plans.month(monthOf(after))]);
    const entries = [...previous.entries.filter((e) => e.date === before), ...current.entries, ...next.entries.filter((e) => e.date === after)];
    const marks = await this.marks(dayStart(before, timeZone), dayStart(addDays(after, 1), timeZone), now);
    return attendanceReport({ month, timeZone, now, entries, staff: roster.staff, shifts: roster.shifts, marks, leaves: current.leaves });
  }

  async attendanceCsv(month: string): Promise<string> {
    return attendanceCsv(await this.attendance(month));
  }

  /** Sick or personal leave for a person and day: `{ date, staffId, kind, note? }`. */
  async addLeave(body: unknown, actor: string): Promise<Leave> {
    const roster = this.rosterIndex();
    const schema = leaveInputSchema.extend({ staffId: leaveInputSchema.shape.staffId.refine((id) => roster.staffIds.has(id), 'not on the roster') });
    const r = schema.safeParse(body);
    if (!r.success) throw validationError(r.error, 'leave');
    const { date, staffId, kind, note } = r.data;
    const { leaves } = await this.deps.plans.month(monthOf(date));
    if (leaves.some((l) => l.date === date && l.staffId === staffId)) throw new AppError('conflict', `${staffId} already has leave on ${date}`);
    const leave: Leave = {
      id: `${date}~${randomUUID().slice(0, 8)}`,
      date,
      staffId,
      kind,
      note: note?.trim() || null,
      createdBy: actor,
      createdAt: new Date(this.deps.clock.now()).toISOString(),
    };
    await this.deps.plans.addLeave(leave);
    return leave;
  }

  async removeLeave(id: string): Promise<void> {
    const month = leaveMonth(id);
    if (!month || !isMonth(month) || !(await this.deps.plans.removeLeave(month, id))) throw new AppError('not_found', `no leave ${id}`);
  }

  /** Marks in [fromMs, toMs): archived days from the day files, the rest from the live window. */
  private async marks(fromMs: number, toMs: number, now: number): Promise<PresenceMark[]> {
    const { timeZone } = this.deps;
    const today = localDayKey(now, timeZone);
    const seen = new Set<string>();
    const out: PresenceMark[] = [];
    const take = (m: PresenceMark) => {
      if (m.atMs < fromMs || m.atMs >= toMs) return;
      // A day can be in both for a moment (archived, the checkpoint that drops it not yet taken).
      const key = `${m.staffId}|${m.atMs}|${m.kind}`;
      if (seen.has(key)) return;
      seen.add(key);
      out.push(m);
    };
    const last = localDayKey(toMs - 1, timeZone);
    for (let d = localDayKey(fromMs, timeZone); d <= last && d < today; d = addDays(d, 1)) {
      for (const m of (await this.deps.store.readDay(d))?.presence ?? []) take(m);
    }
    for (const m of this.deps.presenceSince(fromMs)) take(m);
    return out;
  }
}
