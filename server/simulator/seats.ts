/**
 * Who holds which seat in the simulation, and who is standing by for one. People keep their
 * seat through a meal; at a handover the incoming crew takes free seats first and the rest
 * wait for the outgoing crew to leave.
 */
import type { Seat, SeatKind } from '../../shared/roster.js';

/** Seat holdings and the queue of people waiting for a seat. */
export class SeatBook {
  private byKind = new Map<SeatKind, Seat[]>();
  private kinds = new Map<string, SeatKind>();
  private readonly holder = new Map<string, string>();
  private waiting: { staffId: string; kind: SeatKind }[] = [];

  /** Adopts the roster's seats; holdings of seats that no longer exist are dropped. */
  setSeats(seats: readonly Seat[]): void {
    this.byKind = new Map();
    this.kinds = new Map();
    for (const seat of seats) {
      this.byKind.set(seat.kind, [...(this.byKind.get(seat.kind) ?? []), seat]);
      this.kinds.set(seat.seatId, seat.kind);
    }
    for (const seatId of [...this.holder.keys()]) if (!this.kinds.has(seatId)) this.holder.delete(seatId);
  }

  /**
   * A seat of `kind` for `staffId`: `current` if it still exists and is theirs, else the free
   * one at or after position `homeIndex` (wrapping round); null when all are taken.
   */
  take(staffId: string, kind: SeatKind, homeIndex: number, current: string | null): string | null {
    if (current && this.kinds.get(current) === kind && (this.holder.get(current) ?? staffId) === staffId) {
      this.holder.set(current, staffId);
      return current;
    }
    if (current && this.holder.get(current) === staffId) this.holder.delete(current);
    const seats = this.byKind.get(kind) ?? [];
    for (let k = 0; k < seats.length; k++) {
      const seat = seats[(homeIndex + k) % seats.length];
      if (seat && !this.holder.has(seat.seatId)) {
        this.holder.set(seat.seatId, staffId);
        return seat.seatId;
      }
    }
    return null;
  }

  /** Frees `seatId`; returns the first person waiting for a seat of its kind, taken off the wait list. */
  release(seatId: string): string | null {
    this.holder.delete(seatId);
    const kind = this.kinds.get(seatId);
    const next = this.waiting.find((w) => w.kind === kind);
    if (!next) return null;
    this.unwait(next.staffId);
    return next.staffId;
  }

  /** Puts `staffId` on the wait list for a seat of `kind` (once). */
  wait(staffId: string, kind: SeatKind): void {
    if (!this.waiting.some((w) => w.staffId === staffId)) this.waiting.push({ staffId, kind });
  }

  unwait(staffId: string): void {
    this.waiting = this.waiting.filter((w) => w.staffId !== staffId);
  }

  clearWaiting(): void {
    this.waiting = [];
  }
}
