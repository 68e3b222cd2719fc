/** Seats, staff and shifts as an admin configures them (`PUT /api/v1/roster`). */
import { z } from 'zod';

export const SEAT_KINDS = ['inbound', 'non-phone', 'emergency'] as const;
export const seatKindSchema = z.enum(SEAT_KINDS);
export type SeatKind = z.infer<typeof seatKindSchema>;

export const STAFF_ROLES = ['agent', 'business-supervisor', 'site-supervisor', 'team-lead'] as const;
export const staffRoleSchema = z.enum(STAFF_ROLES);
export type StaffRole = z.infer<typeof staffRoleSchema>;

const id = z.string().min(1).max(128);
const hhmm = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'must be HH:MM');

/** What a non-phone seat is for; decides who is pulled onto the phones first in a surge. */
export const NON_PHONE_WORK = ['training', 'quality', 'back-office', 'supervisor'] as const;
export const nonPhoneWorkSchema = z.enum(NON_PHONE_WORK);
export type NonPhoneWork = z.infer<typeof nonPhoneWorkSchema>;

export const seatSchema = z.strictObject({
  seatId: id,
  label: z.string().min(1).max(64),
  kind: seatKindSchema,
  zone: z.string().min(1).max(64),
  row: z.number().int().min(0).max(1000),
  col: z.number().int().min(0).max(1000),
  /** Non-phone seats only: the kind of work done there (default back office). */
  work: nonPhoneWorkSchema.optional(),
});
export type Seat = z.infer<typeof seatSchema>;

export const staffSchema = z.strictObject({
  staffId: id,
  name: z.string().min(1).max(128),
  role: staffRoleSchema,
  /** Queues this person can answer. */
  skills: z.array(id).max(64).default([]),
  /** The shift this person normally works (a shift name), for attendance flags. */
  shift: z.string().min(1).max(64).optional(),
});
export type Staff = z.infer<typeof staffSchema>;

export const shiftSchema = z.strictObject({
  name: z.string().min(1).max(64),
  start: hhmm,
  end: hhmm,
  night: z.boolean().default(false),
});
export type Shift = z.infer<typeof shiftSchema>;

export const rosterSchema = z
  .strictObject({
    seats: z.array(seatSchema).max(5000),
    staff: z.array(staffSchema).max(20000),
    shifts: z.array(shiftSchema).max(24),
  })
  .superRefine((roster, ctx) => {
    const dup = (list: string[], path: string, key: string) => {
      const seen = new Set<string>();
      list.forEach((value, index) => {
        if (seen.has(value)) ctx.addIssue({ code: 'custom', path: [path, index, key], message: `duplicate ${key} "${value}"` });
        seen.add(value);
      });
    };
    dup(roster.seats.map((s) => s.seatId), 'seats', 'seatId');
    dup(roster.staff.map((s) => s.staffId), 'staff', 'staffId');
    dup(roster.shifts.map((s) => s.name), 'shifts', 'name');
  });
export type Roster = z.infer<typeof rosterSchema>;

/** SPEC's default shifts: morning, evening, and the night shift (flagged). */
export const DEFAULT_SHIFTS: Shift[] = [
  { name: 'morning', start: '08:00', end: '16:00', night: false },
  { name: 'evening', start: '16:00', end: '24:00', night: false },
  { name: 'night', start: '00:00', end: '08:00', night: true },
];

export const forecastIntervalSchema = z.strictObject({
  start: z.iso.datetime({ offset: true, message: 'must be ISO 8601 with an offset or Z' }),
  queue: id,
  offered: z.number().finite().min(0).max(1_000_000),
  ahtSeconds: z.number().finite().min(0).max(86_400),
});
export type ForecastInterval = z.infer<typeof forecastIntervalSchema>;
export const forecastSchema = z.strictObject({ intervals: z.array(forecastIntervalSchema).max(100_000) });
