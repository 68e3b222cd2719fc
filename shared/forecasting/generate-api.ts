/**
 * The forecast generator's HTTP API (admin): `POST /api/v1/forecast/generate` and
 * `POST /api/v1/forecast/publish`, as both sides see them. Types and limits only (no zod), so
 * the client can import it.
 */
import type { ForecastInterval } from '../roster.js';

/** Weeks of history before the first forecast day that the forecaster is given. */
export const HISTORY_WEEKS = 26;
/** The most days one generate request may cover. */
export const MAX_GENERATE_DAYS = 31;

/** `POST /api/v1/forecast/generate` body. */
export interface GenerateRequest {
  /** First site-local day, `YYYY-MM-DD`. */
  from: string;
  /** Consecutive days, 1 to {@link MAX_GENERATE_DAYS}. */
  days: number;
}

/** What generate answers; nothing is saved. */
export interface GeneratedForecast {
  from: string;
  days: number;
  timeZone: string;
  intervalMinutes: number;
  /** The site-local days of history used (inclusive); `historyTo` < `historyFrom` when none could be. */
  historyFrom: string;
  historyTo: string;
  /** Per site interval and queue, in time order; offered to 0.001 call, AHT to 0.1 s. */
  intervals: ForecastInterval[];
  /** The forecaster's notes on every fallback it took, in English. */
  notes: string[];
}

/** What publish answers. */
export interface PublishedForecast {
  /** Site-local days replaced, sorted. */
  days: string[];
  /** Intervals published. */
  intervals: number;
  /** Stored intervals on those days that were replaced. */
  replaced: number;
  /** Stored intervals on other days, kept as they were. */
  kept: number;
}
