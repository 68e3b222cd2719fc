/**
 * The demo site's intraday arrival profile: a 24-hour inbound centre, quiet at night (about 6%
 * of peak), busy from 08:00, peaking around 10:00 and again around 15:00, tailing off through
 * the evening. Used by the demo forecast and to size the simulated shifts.
 */

/** Relative arrivals at each local half hour from 00:00 (peak = 100); linearly interpolated. */
const HALF_HOURLY_WEIGHTS = [
  12, 10.5, 9, 8, 7, 6.5, 6, 6, 6, 6.5, 7, 8, // 00:00–05:30
  10, 12, 15, 22, 40, 62, 80, 92, 100, 98, 90, 82, // 06:00–11:30
  75, 74, 78, 85, 92, 97, 100, 93, 80, 72, 64, 58, // 12:00–17:30
  52, 48, 44, 41, 38, 34, 31, 27, 24, 20, 17, 14, // 18:00–23:30
] as const;

const MINUTES_PER_DAY = 1440;

/**
 * Relative arrival rate at `minuteOfDay` (local minutes since midnight, wrapped into a day);
 * 100 at the peaks.
 * @example demoProfile(600) // 100 (10:00)
 * @example demoProfile(210) // 6 (03:30)
 */
export function demoProfile(minuteOfDay: number): number {
  const m = ((minuteOfDay % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  const slot = Math.floor(m / 30);
  const frac = (m - slot * 30) / 30;
  const a = HALF_HOURLY_WEIGHTS[slot] ?? 0;
  const b = HALF_HOURLY_WEIGHTS[(slot + 1) % HALF_HOURLY_WEIGHTS.length] ?? 0;
  return a + (b - a) * frac;
}

/**
 * The billing queue's share is higher in business hours (08:00–20:00) than at night, when
 * callers ring about faults rather than bills: a multiplier on {@link demoProfile}.
 */
export function billingDaytimeFactor(minuteOfDay: number): number {
  const m = ((minuteOfDay % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  return m >= 8 * 60 && m < 20 * 60 ? 1 : 0.6;
}

/**
 * The 90th percentile of {@link demoProfile} over local minutes [startMinute, endMinute),
 * sampled every 15 minutes: how much phone staffing a shift covering those minutes needs
 * near its busiest, without letting one peak quarter-hour size the whole shift.
 * @example busyProfileBetween(480, 960) // ≈ 98 (the morning shift)
 */
export function busyProfileBetween(startMinute: number, endMinute: number): number {
  const samples: number[] = [];
  for (let m = startMinute; m < endMinute; m += 15) samples.push(demoProfile(m));
  if (samples.length === 0) return 0;
  samples.sort((a, b) => a - b);
  return samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.9))] ?? 0;
}
