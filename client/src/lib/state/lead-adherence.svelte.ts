/**
 * Attendance flags for the team lead (`GET /api/v1/adherence`): fetched every 15 s, since
 * flags appear as the clock passes a grace or an allowance, and soon after the floor changes
 * who is signed in or on a break. One request at a time; one asked for during it runs after.
 */
import type { AdherenceFlag, Allowances } from '../../../../shared/floor/adherence.js';
import { api, ApiError } from '../api.js';

export const ADHERENCE_REFRESH_MS = 15_000;
/** Floor changes come up to four times a second: refetch at most this often for them. */
const CHANGE_THROTTLE_MS = 1_000;

interface AdherenceBody {
  at: string;
  allowances: Allowances;
  flags: AdherenceFlag[];
}

export class AdherenceState {
  flags = $state.raw<AdherenceFlag[]>([]);
  allowances = $state.raw<Allowances | null>(null);
  /** Server time of the last answer (ISO), or null before the first. */
  at = $state<string | null>(null);
  error = $state<{ status: number; message: string } | null>(null);

  #token: string;
  #changeKey: () => string;
  #timer: ReturnType<typeof setInterval> | undefined;
  #throttle: ReturnType<typeof setTimeout> | undefined;
  #stopWatching: (() => void) | undefined;
  #inFlight: Promise<void> | null = null;
  #again = false;
  #lastFetchMs = 0;

  /** `changeKey` names what flags depend on in the live floor; a new value asks for a refresh. */
  constructor(token: string, changeKey: () => string) {
    this.#token = token;
    this.#changeKey = changeKey;
  }

  start(): void {
    void this.refresh();
    this.#timer ??= setInterval(() => void this.refresh(), ADHERENCE_REFRESH_MS);
    let first = true;
    this.#stopWatching ??= $effect.root(() => {
      $effect(() => {
        this.#changeKey();
        if (first) first = false;
        else this.#soon();
      });
    });
  }

  stop(): void {
    clearInterval(this.#timer);
    clearTimeout(this.#throttle);
    this.#stopWatching?.();
    this.#timer = this.#throttle = this.#stopWatching = undefined;
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

  #soon(): void {
    if (this.#throttle) return;
    const waitMs = Math.max(0, this.#lastFetchMs + CHANGE_THROTTLE_MS - performance.now());
    this.#throttle = setTimeout(() => {
      this.#throttle = undefined;
      void this.refresh();
    }, waitMs);
  }

  async #fetch(): Promise<void> {
    this.#lastFetchMs = performance.now();
    try {
      const body = await api<AdherenceBody>(this.#token, 'GET', '/api/v1/adherence');
      this.flags = body.flags;
      this.allowances = body.allowances;
      this.at = body.at;
      this.error = null;
    } catch (err) {
      this.error = err instanceof ApiError ? { status: err.status, message: err.message } : { status: 0, message: err instanceof Error ? err.message : String(err) };
    }
  }
}
