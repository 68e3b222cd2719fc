/** English strings for the team-lead staffing board (/lead). */
export const leadEn = {
} as const;

export type LeadMessages = Record<keyof typeof leadEn, string>;
