/**
 * The current shift's handover log as the supervisor console reads it: fetched from
 * `GET /api/v1/shift-log` every 10 s, and at once when asked (after a command, or when the
 * floor's version moves). One request at a time; a refresh asked for during one runs after it.
 */
import type { ShiftLog } from '../../../../shared/shift-log.js';
import { api, ApiError } from '../api.js';

export const LOG_REFRESH_MS = 10_000;

export class ShiftLogState {
  log = $state.raw<ShiftLog | null>(null);
  /** The last fetch's failure, or null once one works again. */
  error = $state<{ status: number; message: string } | null>(null);

  /** Newest first, for reading from the top. */
  entries = $derived(this.log ? [...this.log.entries].reverse() : []);

  #token: string;
  #timer: ReturnType<typeof setInterval> | undefined;
  #inFlight: Promise<void> | null = null;
  #again = false;

  constructor(token: string) {
    this.#token = token;
  }

  start(): void {
    void this.refresh();
    this.#timer ??= setInterval(() => void this.refresh(), LOG_REFRESH_MS);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  refresh(): Promise<void> {
    if (this.#inFlight) {
      this.#again = true;
      return this.#inFlight;
    }
    this.#inFlight = this.#fetch().finally(() => {
      this.#inFlight = null;
      if (this.#again) {
        this.#again = false;
        void this.refresh();
      }
    });
    return this.#inFlight;
  }

  async #fetch(): Promise<void> {
    try {
      this.log = await api<ShiftLog>(this.#token, 'GET', '/api/v1/shift-log');
      this.error = null;
    } catch (err) {
      this.error = err instanceof ApiError ? { status: err.status, message: err.message } : { status: 0, message: err instanceof Error ? err.message : String(err) };
    }
  }
}
