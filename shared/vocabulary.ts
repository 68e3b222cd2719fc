/**
 * The floor's word lists, shared by the schemas (server) and the screens (client). No zod
 * here: a screen that only needs a list must not pull the schema library into its bundle.
 */

/** What a signed-in staff member is doing. The first three count as "on the phones". */
export const ACTIVITIES = ['available', 'on-call', 'wrap-up', 'non-phone', 'training', 'break'] as const;
export type Activity = (typeof ACTIVITIES)[number];

/** Activities that count as "on the phones". */
export const PHONE_ACTIVITIES: readonly Activity[] = ['available', 'on-call', 'wrap-up'];

export const SIGN_OUT_REASONS = ['meal', 'break', 'shift-end', 'other'] as const;
export type SignOutReason = (typeof SIGN_OUT_REASONS)[number];

/** Surge causes the detector measures itself. */
export const MEASURED_CAUSES = ['deviation', 'queue', 'longest-wait', 'service-level', 'answer-rate', 'staffing'] as const;
/** Surge causes a supervisor declares, with an expected uplift. */
export const DECLARED_CAUSES = ['system-fault', 'promotion', 'sms-campaign', 'billing-day', 'holiday'] as const;

/** Sick or personal leave (病假 / 事假). */
export const LEAVE_KINDS = ['sick', 'personal'] as const;

/** The kinds an attendance report counts, in report order. */
export const ATTENDANCE_KINDS = ['late', 'earlyLeave', 'offPost', 'absent', 'overtime', 'sick', 'personal'] as const;
