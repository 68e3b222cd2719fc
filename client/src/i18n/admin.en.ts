/** English strings for the admin screen (/admin). */
export const adminEn = {
} as const;

export type AdminMessages = Record<keyof typeof adminEn, string>;
