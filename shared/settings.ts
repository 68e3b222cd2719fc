/** Site settings an admin can change. */
import { z } from 'zod';
import { nonPhoneWorkSchema } from './roster.js';
import { DEFAULT_SURGE_THRESHOLDS, surgeThresholdsSchema } from './surge/types.js';

export const settingsSchema = z.strictObject({
  /** Interval length for reporting, minutes. */
  intervalMinutes: z.union([z.literal(15), z.literal(30), z.literal(60)]).default(30),
  /** T of the service level, seconds. */
  serviceLevelSeconds: z.number().int().min(1).max(600).default(20),
  /** Service-level target, 0–1. */
  serviceLevelTarget: z.number().min(0.01).max(1).default(0.8),
  /** 忙时每员工每小时的最高接通量: most calls one agent connects in a busy hour. */
  busyHourCallsPerAgent: z.number().min(1).max(200).default(12),
  /** Most occupancy the staffing math plans for, 0–1. */
  maxOccupancy: z.number().min(0.5).max(1).default(0.85),
  /** Surge triggers and hysteresis. */
  surge: surgeThresholdsSchema.default({ ...DEFAULT_SURGE_THRESHOLDS }),
  /** Non-phone work in the order it gives people up in a surge. */
  pullPriority: z.array(nonPhoneWorkSchema).min(1).max(4).default(['training', 'quality', 'back-office', 'supervisor']),
  /** Emergency seats kept for overtime (rulebook: 5–7): most to call in at once. */
  emergencyReserve: z.number().int().min(0).max(50).default(6),
  /** A person asked to move is flagged when not signed in at the new seat within this time. */
  moveTimeoutMinutes: z.number().min(1).max(120).default(10),
  /** The site's call queues (ACD queue names); staff skills and forecasts name them. */
  queues: z
    .array(z.string().trim().min(1, 'a queue needs a name').max(64).regex(/^[\w.-]+$/, 'letters, digits, . _ - only'))
    .min(1, 'at least one queue')
    .max(50)
    .refine((q) => new Set(q).size === q.length, 'each queue once')
    .default(['general', 'billing']),
});
export type Settings = z.infer<typeof settingsSchema>;
export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

export const USER_ROLES = ['site-supervisor', 'team-lead', 'admin'] as const;
export const userRoleSchema = z.enum(USER_ROLES);
export type UserRole = z.infer<typeof userRoleSchema>;
