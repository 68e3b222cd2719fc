/**
 * State of the shift plan page (/plan): the month's plan as saved and as edited, its rulebook
 * checks, the holiday calendar, and the month's attendance with leave. Small classes with
 * `$state` fields; every request goes through `api()` with the session's token.
 */
import type { AttendanceReport } from '../../../../shared/planning/attendance.js';
import type { PlanChecks } from '../../../../shared/planning/checks.js';
import type { Leave, LeaveKind, PlanEntry, PlanView } from '../../../../shared/planning/plan.js';
import type { ValidationIssue } from '../../../../shared/errors.js';
import { api, ApiError } from '../../lib/api.js';
import type { Session } from '../../lib/state/session.svelte.js';

/** A failed request as the page shows it. */
export interface Failure {
  code: string;
  message: string;
  issues: ValidationIssue[];
}

function failure(err: unknown): Failure {
  if (err instanceof ApiError) return { code: err.code, message: err.message, issues: err.issues };
  return { code: 'network', message: err instanceof Error ? err.message : String(err), issues: [] };
}

/** `YYYY-MM` `delta` months from `month`. */
export function shiftMonth(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + delta, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

const cellKey = (date: string, staffId: string) => `${date}|${staffId}`;

export class PlanState {
  /** The month shown, `YYYY-MM`; '' until the server has said which month the site is in. */
  month = $state('');
  view = $state.raw<PlanView | null>(null);
  checks = $state.raw<PlanChecks | null>(null);
  /** The grid as edited: `date|staffId` → shift name (absent: day off). */
  cells = $state<Record<string, string>>({});
  /** The grid as saved. */
  saved = $state.raw<Record<string, string>>({});
  loading = $state(false);
  saving = $state(false);
  error = $state<Failure | null>(null);
  saveError = $state<Failure | null>(null);
  savedAt = $state<number | null>(null);
  holidayError = $state<Failure | null>(null);

  #session: Session;
  #loads = 0;

  constructor(session: Session) {
    this.#session = session;
  }

  /** Cells that differ from the saved plan. */
  get changed(): number {
    const keys = new Set([...Object.keys(this.cells), ...Object.keys(this.saved)]);
    let n = 0;
    for (const k of keys) if ((this.cells[k] ?? '') !== (this.saved[k] ?? '')) n++;
    return n;
  }

  shiftOf(date: string, staffId: string): string {
    return this.cells[cellKey(date, staffId)] ?? '';
  }

  isChanged(date: string, staffId: string): boolean {
    const k = cellKey(date, staffId);
    return (this.cells[k] ?? '') !== (this.saved[k] ?? '');
  }

  set(date: string, staffId: string, shift: string): void {
    const k = cellKey(date, staffId);
    if (shift) this.cells[k] = shift;
    else delete this.cells[k];
  }

  /** Loads `month` (or, with '', the site's current month). */
  async load(month: string): Promise<void> {
    const ticket = ++this.#loads;
    this.loading = true;
    this.error = null;
    try {
      const token = this.#session.token;
      if (!month) month = (await api<PlanView>(token, 'GET', '/api/v1/plan')).month;
      const [view, checks] = await Promise.all([api<PlanView>(token, 'GET', `/api/v1/plan?month=${month}`), api<PlanChecks>(token, 'GET', `/api/v1/plan/checks?month=${month}`)]);
      if (ticket !== this.#loads) return;
      this.month = view.month;
      this.view = view;
      this.checks = checks;
      const saved = Object.fromEntries(view.entries.map((e) => [cellKey(e.date, e.staffId), e.shift]));
      this.saved = saved;
      this.cells = { ...saved };
      this.saveError = null;
    } catch (err) {
      if (ticket === this.#loads) this.error = failure(err);
    } finally {
      if (ticket === this.#loads) this.loading = false;
    }
  }

  /** Replaces the month's plan with the grid, then reloads the plan and its checks. */
  async save(): Promise<void> {
    const view = this.view;
    if (!view || this.saving) return;
    this.saving = true;
    this.saveError = null;
    const entries: PlanEntry[] = Object.entries(this.cells).map(([k, shift]) => {
      const [date, staffId] = k.split('|') as [string, string];
      return { date, staffId, shift };
    });
    try {
      await api(this.#session.token, 'PUT', '/api/v1/plan', { month: view.month, entries });
      this.savedAt = Date.now();
      await this.load(view.month);
    } catch (err) {
      this.saveError = failure(err);
    } finally {
      this.saving = false;
    }
  }

  /** Puts the grid back as saved. */
  discard(): void {
    this.cells = { ...this.saved };
    this.saveError = null;
  }

  /** Admin only: marks or unmarks `day` as a holiday, then reloads the checks. */
  async toggleHoliday(day: string): Promise<void> {
    const view = this.view;
    if (!view) return;
    this.holidayError = null;
    try {
      const token = this.#session.token;
      const { days } = await api<{ days: string[] }>(token, 'GET', '/api/v1/holidays');
      const next = days.includes(day) ? days.filter((d) => d !== day) : [...days, day];
      await api(token, 'PUT', '/api/v1/holidays', { days: next });
      const [fresh, checks] = await Promise.all([api<PlanView>(token, 'GET', `/api/v1/plan?month=${view.month}`), api<PlanChecks>(token, 'GET', `/api/v1/plan/checks?month=${view.month}`)]);
      this.view = { ...fresh, entries: view.entries };
      this.checks = checks;
    } catch (err) {
      this.holidayError = failure(err);
    }
  }

  reset(): void {
    this.#loads++;
    this.month = '';
    this.view = this.checks = this.savedAt = null;
    this.cells = {};
    this.saved = {};
    this.error = this.saveError = this.holidayError = null;
    this.loading = this.saving = false;
  }
}

export class AttendanceState {
  report = $state.raw<AttendanceReport | null>(null);
  loading = $state(false);
  error = $state<Failure | null>(null);
  leaveError = $state<Failure | null>(null);
  busy = $state(false);
  /** The person whose shifts are shown in detail. */
  selected = $state<string | null>(null);

  #session: Session;
  #loads = 0;

  constructor(session: Session) {
    this.#session = session;
  }

  async load(month: string): Promise<void> {
    const ticket = ++this.#loads;
    this.loading = true;
    this.error = null;
    try {
      const report = await api<AttendanceReport>(this.#session.token, 'GET', `/api/v1/attendance?month=${month}`);
      if (ticket === this.#loads) this.report = report;
    } catch (err) {
      if (ticket === this.#loads) this.error = failure(err);
    } finally {
      if (ticket === this.#loads) this.loading = false;
    }
  }

  async addLeave(input: { date: string; staffId: string; kind: LeaveKind; note: string }): Promise<boolean> {
    return this.#change(() => api<Leave>(this.#session.token, 'POST', '/api/v1/attendance/leave', { date: input.date, staffId: input.staffId, kind: input.kind, ...(input.note.trim() ? { note: input.note.trim() } : {}) }));
  }

  async removeLeave(id: string): Promise<boolean> {
    return this.#change(() => api(this.#session.token, 'DELETE', `/api/v1/attendance/leave/${encodeURIComponent(id)}`));
  }

  async #change(request: () => Promise<unknown>): Promise<boolean> {
    const month = this.report?.month;
    if (!month || this.busy) return false;
    this.busy = true;
    this.leaveError = null;
    try {
      await request();
      await this.load(month);
      return true;
    } catch (err) {
      this.leaveError = failure(err);
      return false;
    } finally {
      this.busy = false;
    }
  }

  /** Downloads the month's CSV (the API wants the token, so not a plain link). */
  async download(month: string): Promise<void> {
    this.error = null;
    try {
      const res = await fetch(`/api/v1/attendance.csv?month=${month}`, { headers: { authorization: `Bearer ${this.#session.token ?? ''}` } });
      if (!res.ok) throw new ApiError(res.status, 'internal', `HTTP ${res.status}`);
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `attendance-${month}.csv`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      this.error = failure(err);
    }
  }

  reset(): void {
    this.#loads++;
    this.report = null;
    this.error = this.leaveError = null;
    this.loading = this.busy = false;
    this.selected = null;
  }
}
