/**
 * The roster as the admin edits it: seats, staff and shifts as editable rows, each part saved
 * on its own (`PUT /api/v1/roster` with the other two parts as last loaded).
 */
import type { NonPhoneWork, Roster, Seat, SeatKind, Shift, Staff, StaffRole } from '../../../../shared/roster.js';
import { allOf, Task, type AdminApi } from './admin.svelte.js';

export const ROSTER_PARTS = ['seats', 'staff', 'shifts'] as const;
export type RosterPart = (typeof ROSTER_PARTS)[number];

export const SEAT_KINDS = allOf<SeatKind>()(['inbound', 'non-phone', 'emergency']);
export const NON_PHONE_WORK = allOf<NonPhoneWork>()(['training', 'quality', 'back-office', 'supervisor']);
export const STAFF_ROLES = allOf<StaffRole>()(['agent', 'business-supervisor', 'site-supervisor', 'team-lead']);

/** A seat being edited: numbers may be blank (null) until the server rejects them. */
export interface SeatRow {
  seatId: string;
  label: string;
  kind: SeatKind;
  zone: string;
  row: number | null;
  col: number | null;
  /** '' = not set (back office by default on non-phone seats). */
  work: NonPhoneWork | '';
}

/** A staff member being edited: skills as typed (`general; billing`), home shift '' = none. */
export interface StaffRow {
  staffId: string;
  name: string;
  role: StaffRole;
  skills: string;
  shift: string;
}

const seatRow = (s: Seat): SeatRow => ({ seatId: s.seatId, label: s.label, kind: s.kind, zone: s.zone, row: s.row, col: s.col, work: s.work ?? '' });
const staffRow = (s: Staff): StaffRow => ({ staffId: s.staffId, name: s.name, role: s.role, skills: s.skills.join('; '), shift: s.shift ?? '' });
const shiftRow = (s: Shift): Shift => ({ name: s.name, start: s.start, end: s.end, night: s.night });

function seatBody(r: SeatRow): Record<string, unknown> {
  const out: Record<string, unknown> = { seatId: r.seatId.trim(), label: r.label.trim(), kind: r.kind, zone: r.zone.trim(), row: r.row, col: r.col };
  if (r.kind === 'non-phone' && r.work) out.work = r.work;
  return out;
}

function staffBody(r: StaffRow): Record<string, unknown> {
  const skills = r.skills.split(/[;,]/).map((s) => s.trim()).filter(Boolean);
  const out: Record<string, unknown> = { staffId: r.staffId.trim(), name: r.name.trim(), role: r.role, skills };
  if (r.shift) out.shift = r.shift;
  return out;
}

const shiftBody = (r: Shift): Record<string, unknown> => ({ name: r.name.trim(), start: r.start.trim(), end: r.end.trim(), night: r.night });

/** One field of one row that the server rejected. */
export interface RowIssue {
  index: number;
  field: string;
  message: string;
}

export class RosterState {
  seats = $state<SeatRow[]>([]);
  staff = $state<StaffRow[]>([]);
  shifts = $state<Shift[]>([]);
  readonly loading = new Task();
  readonly saves: Record<RosterPart, Task> = { seats: new Task(), staff: new Task(), shifts: new Task() };

  #saved = $state.raw<Roster | null>(null);
  #baseline = $derived.by(() => {
    const r = this.#saved;
    return {
      seats: JSON.stringify((r?.seats ?? []).map((s) => seatBody(seatRow(s)))),
      staff: JSON.stringify((r?.staff ?? []).map((s) => staffBody(staffRow(s)))),
      shifts: JSON.stringify((r?.shifts ?? []).map(shiftBody)),
    };
  });

  constructor(private readonly api: AdminApi) {}

  get loaded(): boolean {
    return this.#saved !== null;
  }

  /** The roster as the server last sent it. */
  get saved(): Roster | null {
    return this.#saved;
  }

  /** The part as it would be sent. */
  body(part: RosterPart): Record<string, unknown>[] {
    if (part === 'seats') return this.seats.map(seatBody);
    if (part === 'staff') return this.staff.map(staffBody);
    return this.shifts.map(shiftBody);
  }

  /** True when the part differs from what the server has. */
  dirty(part: RosterPart): boolean {
    return this.loaded && JSON.stringify(this.body(part)) !== this.#baseline[part];
  }

  async load(parts: readonly RosterPart[] = ROSTER_PARTS): Promise<void> {
    await this.loading.run(async () => this.apply(await this.api.call<Roster>('GET', '/api/v1/roster'), parts));
  }

  /** Saves one part; the others go as last loaded, so their unsaved edits stay unsaved. */
  async save(part: RosterPart): Promise<boolean> {
    const saved = this.#saved;
    if (!saved) return false;
    const body = { seats: saved.seats, staff: saved.staff, shifts: saved.shifts, [part]: this.body(part) };
    return this.saves[part].run(async () => {
      await this.api.call('PUT', '/api/v1/roster', body);
      this.apply(await this.api.call<Roster>('GET', '/api/v1/roster'), [part]);
    });
  }

  discard(part: RosterPart): void {
    if (this.#saved) this.apply(this.#saved, [part]);
    this.saves[part].reset();
  }

  add(part: RosterPart): void {
    if (part === 'seats') {
      const last = this.seats.at(-1);
      this.seats.push({ seatId: '', label: '', kind: 'inbound', zone: last?.zone ?? '', row: last?.row ?? 0, col: (last?.col ?? -1) + 1, work: '' });
    } else if (part === 'staff') this.staff.push({ staffId: '', name: '', role: 'agent', skills: '', shift: '' });
    else this.shifts.push({ name: '', start: '00:00', end: '00:00', night: false });
    // Row numbers in the last error would now point at the wrong rows.
    this.saves[part].reset();
  }

  remove(part: RosterPart, index: number): void {
    this[part].splice(index, 1);
    this.saves[part].reset();
  }

  /** The last save's issues for this part, by row index and field. */
  issues(part: RosterPart): RowIssue[] {
    return this.saves[part].issues
      .filter((i) => i.path[0] === part && typeof i.path[1] === 'number')
      .map((i) => ({ index: i.path[1] as number, field: i.path.slice(2).join('.'), message: i.message }));
  }

  /** The message for one cell, when the last save rejected it. */
  fieldError(part: RosterPart, index: number, field: string): string | undefined {
    return this.issues(part).find((i) => i.index === index && i.field === field)?.message;
  }

  reset(): void {
    this.#saved = null;
    this.seats = [];
    this.staff = [];
    this.shifts = [];
    this.loading.reset();
    for (const part of ROSTER_PARTS) this.saves[part].reset();
  }

  private apply(roster: Roster, parts: readonly RosterPart[]): void {
    // Keep the other parts' baseline as it was: their drafts were made against it.
    const prev = this.#saved;
    this.#saved = prev ? { ...prev, ...Object.fromEntries(parts.map((p) => [p, roster[p]])) } : roster;
    if (parts.includes('seats')) this.seats = roster.seats.map(seatRow);
    if (parts.includes('staff')) this.staff = roster.staff.map(staffRow);
    if (parts.includes('shifts')) this.shifts = roster.shifts.map(shiftRow);
  }
}
