/**
 * The numbers the floor lives by, derived from summed bucket figures. Every rate is null when
 * its denominator is zero, so a quiet interval shows "–" rather than a made-up 0% or 100%.
 */
import { emptyBucket, type Bucket } from './state.js';

export interface Rates {
  /**
   * Answered within T / offered (abandoned calls count against it).
   * @example serviceLevel({ offered: 10, answeredWithinTarget: 8, … }) // 0.8
   */
  serviceLevel: number | null;
  /** 接通率: answered / offered. */
  answerRate: number | null;
  /** Average speed of answer: wait seconds of answered calls / answered. */
  asaSeconds: number | null;
  /** Average handle time: (talk + wrap seconds) / handled calls. */
  ahtSeconds: number | null;
  /** Handled seconds / staff-seconds on the phones, capped at 1. */
  occupancy: number | null;
}

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

/** Adds `b` into `into` and returns `into`. */
export function addBucket(into: Bucket, b: Bucket): Bucket {
  into.offered += b.offered;
  into.answered += b.answered;
  into.answeredWithinTarget += b.answeredWithinTarget;
  into.abandoned += b.abandoned;
  into.answerWaitSeconds += b.answerWaitSeconds;
  into.handled += b.handled;
  into.talkSeconds += b.talkSeconds;
  into.wrapSeconds += b.wrapSeconds;
  return into;
}

/** Sums every queue of a bucket (or only `queue`). */
export function sumQueues(byQueue: Record<string, Bucket> | undefined, queue?: string): Bucket {
  const total = emptyBucket();
  if (!byQueue) return total;
  for (const [q, b] of Object.entries(byQueue)) if (queue === undefined || q === queue) addBucket(total, b);
  return total;
}

/**
 * Rates for summed figures and the staff-seconds on the phones over the same span.
 * @example rates({ offered: 4, answered: 3, answeredWithinTarget: 2, abandoned: 1, answerWaitSeconds: 30, handled: 2, talkSeconds: 400, wrapSeconds: 40 }, 1800)
 * // { serviceLevel: 0.5, answerRate: 0.75, asaSeconds: 10, ahtSeconds: 220, occupancy: 0.2444… }
 */
export function rates(b: Bucket, phoneStaffSeconds: number): Rates {
  const handledSeconds = b.talkSeconds + b.wrapSeconds;
  const occ = ratio(handledSeconds, phoneStaffSeconds);
  return {
    serviceLevel: ratio(b.answeredWithinTarget, b.offered),
    answerRate: ratio(b.answered, b.offered),
    asaSeconds: ratio(b.answerWaitSeconds, b.answered),
    ahtSeconds: ratio(handledSeconds, b.handled),
    occupancy: occ === null ? null : Math.min(1, occ),
  };
}
