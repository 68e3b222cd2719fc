/** Commands supervisors and team leads send over the `/floor` socket, and their schemas. */
import { z } from 'zod';
import { signOutReasonSchema } from './events.js';
import { DECLARED_CAUSES } from './surge/types.js';

const id = z.string().min(1).max(128);

export const acceptSchema = z.strictObject({ id });
export const declineSchema = z.strictObject({
  id,
  reason: z.string().trim().min(1, 'a reason is required').max(500),
});
export const declareSchema = z
  .strictObject({
    cause: z.enum(DECLARED_CAUSES),
    /** Expected extra volume, fraction of forecast (0.3 = +30%). */
    upliftPct: z.number().min(0).max(10),
    startsAt: z.iso.datetime({ offset: true }).optional(),
    endsAt: z.iso.datetime({ offset: true }),
    note: z.string().max(1000).optional(),
  })
  .refine((d) => Date.parse(d.endsAt) > Date.parse(d.startsAt ?? new Date(0).toISOString()), { path: ['endsAt'], message: 'must be after the start' });
export const endSurgeSchema = z.strictObject({ id });
export const moveSchema = z.strictObject({ staffId: id, toSeatId: id });

/** Team leads sign people in or out by hand when the ACD is down (recorded as manual). */
export const signInSchema = z.strictObject({ staffId: id, seatId: id });
export const signOutSchema = z.strictObject({ staffId: id, reason: signOutReasonSchema.optional() });
/** A note, or an open problem that carries over to the next shift until closed. */
export const noteSchema = z.strictObject({ text: z.string().trim().min(1, 'the note is empty').max(2000), problem: z.boolean().optional() });

/** Handover: the outgoing supervisor signs the current shift; the incoming one confirms it. */
export const signHandoverSchema = z.strictObject({});
export const confirmHandoverSchema = z.strictObject({ shift: z.string().min(1).max(100) });
/** Signed entries are never edited; a correction follows them. */
export const correctSchema = z.strictObject({ entryId: id, text: z.string().trim().min(1, 'the correction is empty').max(2000) });
export const closeProblemSchema = z.strictObject({ id, text: z.string().trim().max(2000).optional() });

export type AcceptCommand = z.infer<typeof acceptSchema>;
export type DeclineCommand = z.infer<typeof declineSchema>;
export type DeclareCommand = z.infer<typeof declareSchema>;
export type MoveCommand = z.infer<typeof moveSchema>;
export type SignInCommand = z.infer<typeof signInSchema>;
export type SignOutCommand = z.infer<typeof signOutSchema>;
export type NoteCommand = z.infer<typeof noteSchema>;
export type CorrectCommand = z.infer<typeof correctSchema>;
export type CloseProblemCommand = z.infer<typeof closeProblemSchema>;
