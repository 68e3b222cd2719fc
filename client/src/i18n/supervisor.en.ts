/** English strings for the night supervisor console (/supervisor). */
export const supervisorEn = {
} as const;

export type SupervisorMessages = Record<keyof typeof supervisorEn, string>;
