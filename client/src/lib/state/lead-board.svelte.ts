/**
 * The floor as a team lead reads it: who is signed in, grouped by activity, with names and
 * seats; free seats by kind; who could be signed in by hand; and the moves being watched.
 * Everything is derived from the live snapshot.
 */
import type { Activity } from '../../../../shared/events.js';
import type { SeatKind } from '../../../../shared/roster.js';
import type { FloorSnapshot, MoveView, SeatView } from '../../../../shared/snapshot.js';

/** The board's groups, in the order a lead scans them: the phones first. */
export const BOARD_GROUPS: readonly Activity[] = ['on-call', 'available', 'wrap-up', 'non-phone', 'training', 'break'];
/** Seat kinds a person on the phones can work from (emergency seats are overtime phone seats). */
export const PHONE_SEAT_KINDS: readonly SeatKind[] = ['inbound', 'emergency'];
export const NON_PHONE_SEAT_KINDS: readonly SeatKind[] = ['non-phone'];

export interface Person {
  staffId: string;
  /** Null when the person is not on the roster. */
  name: string | null;
  seatId: string;
  seatLabel: string;
  seatKind: SeatView['kind'];
  activity: Activity;
  /** ISO time the current activity began. */
  since: string | null;
}

export interface RosterPerson {
  staffId: string;
  name: string;
}

const byStaffId = (a: { staffId: string }, b: { staffId: string }) => a.staffId.localeCompare(b.staffId, 'en', { numeric: true });
const bySince = (a: Person, b: Person) => (a.since ?? '').localeCompare(b.since ?? '') || byStaffId(a, b);

export class LeadBoard {
  readonly names: Map<string, string>;
  readonly seats: SeatView[];
  /** Everyone signed in, by staff ID. */
  readonly people: Person[];
  /** One group per activity, longest in that state first. */
  readonly groups: { activity: Activity; people: Person[] }[];
  /** Rostered staff who are not signed in: who can be signed in by hand. */
  readonly signedOut: RosterPerson[];
  readonly freeSeats: SeatView[];
  /** Moves being watched, newest first. */
  readonly moves: MoveView[];

  constructor(snapshot: () => FloorSnapshot | null) {
    this.names = $derived(new Map((snapshot()?.staff ?? []).map((s) => [s.staffId, s.name])));
    this.seats = $derived(snapshot()?.seats ?? []);
    this.people = $derived(
      this.seats
        .filter((s): s is SeatView & { staffId: string; activity: Activity } => s.staffId !== null && s.activity !== 'signed-out')
        .map((s) => ({ staffId: s.staffId, name: this.names.get(s.staffId) ?? null, seatId: s.seatId, seatLabel: s.label, seatKind: s.kind, activity: s.activity, since: s.since }))
        .sort(byStaffId),
    );
    this.groups = $derived(BOARD_GROUPS.map((activity) => ({ activity, people: this.people.filter((p) => p.activity === activity).sort(bySince) })));
    this.signedOut = $derived.by(() => {
      const inNow = new Set(this.people.map((p) => p.staffId));
      return (snapshot()?.staff ?? []).filter((s) => !inNow.has(s.staffId)).map((s) => ({ staffId: s.staffId, name: s.name })).sort(byStaffId);
    });
    this.freeSeats = $derived(this.seats.filter((s) => s.staffId === null && s.kind !== 'unknown'));
    this.moves = $derived([...(snapshot()?.moves ?? [])].sort((a, b) => b.requestedAt.localeCompare(a.requestedAt)));
  }

  person(staffId: string | null): Person | null {
    return staffId === null ? null : (this.people.find((p) => p.staffId === staffId) ?? null);
  }

  /** Free seats of the given kinds, in floor order. */
  freeSeatsOf(kinds: readonly SeatKind[]): SeatView[] {
    return this.freeSeats.filter((s) => (kinds as readonly string[]).includes(s.kind));
  }

  seatLabel(seatId: string | null): string {
    if (seatId === null) return '—';
    return this.seats.find((s) => s.seatId === seatId)?.label ?? seatId;
  }

  nameOf(staffId: string): string {
    return this.names.get(staffId) ?? '';
  }
}
