/**
 * The handover log as the supervisor console reads it: the current shift's log (with the open
 * problems) and the two shifts before it (for their handover and for reading), fetched from
 * `GET /api/v1/shift-log` every 10 s and at once when asked (after a command, or when the
 * floor's version moves). One request round at a time; a refresh asked for during one runs after it.
 */
import type { Roster, Shift } from '../../../../shared/roster.js';
import type { ShiftLogView } from '../../../../shared/shift-log.js';
import { addDays, hhmmToMinutes } from '../../../../shared/time.js';
import { shiftCovers } from '../../../../shared/floor/shifts.js';
import { api, ApiError } from '../api.js';

export const LOG_REFRESH_MS = 10_000;
/** The current shift and the two before it. */
const RECENT_SHIFTS = 3;

/**
 * The log key of the shift before `key` (`YYYY-MM-DD/name`): the shift on duty the minute
 * before this one started, on the site's clock (further back across a gap); null when unknown.
 * @example previousShiftKey('2026-11-27/morning', [night 00–08, morning 08–16, evening 16–24]) // '2026-11-27/night'
 */
export function previousShiftKey(key: string, shifts: Shift[]): string | null {
  const [day, name] = key.split('/');
  const current = shifts.find((s) => s.name === name);
  if (!day || !current) return null;
  let d = day;
  let minute = hhmmToMinutes(current.start);
  for (let step = 0; step < 1440; step++) {
    minute -= 1;
    if (minute < 0) [minute, d] = [minute + 1440, addDays(d, -1)];
    const before = shifts.find((s) => shiftCovers(s, minute));
    // A shift that wraps midnight and covers the small hours started the day before.
    if (before) return `${hhmmToMinutes(before.start) <= minute ? d : addDays(d, -1)}/${before.name}`;
  }
  return null;
}

/** `key` and the shifts before it, newest first, up to `count`. */
export function recentShiftKeys(key: string, shifts: Shift[], count = RECENT_SHIFTS): string[] {
  const keys = [key];
  for (let k = previousShiftKey(key, shifts); k && keys.length < count && !keys.includes(k); k = previousShiftKey(k, shifts)) keys.push(k);
  return keys;
}

const logPath = (key?: string) => `/api/v1/shift-log${key ? `?shift=${encodeURIComponent(key)}` : ''}`;

/** Fetches a shift's log as CSV (it needs the token) and saves it through a Blob link. */
export async function downloadShiftLogCsv(token: string, key: string): Promise<void> {
  const res = await fetch(`/api/v1/shift-log.csv?shift=${encodeURIComponent(key)}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: string; message?: string };
    throw new ApiError(res.status, body.error ?? 'internal', body.message ?? `HTTP ${res.status}`);
  }
  const url = URL.createObjectURL(await res.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: `shift-log-${key.replace('/', '-')}.csv` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export class ShiftLogState {
  /** The current shift's log and the problems still open. */
  log = $state.raw<ShiftLogView | null>(null);
  /** The last fetch's failure, or null once one works again. */
  error = $state<{ status: number; message: string } | null>(null);
  /** The roster's shifts, to name the shifts before this one. */
  shifts = $state.raw<Shift[]>([]);
  /** Logs of the shifts before the current one, by key. */
  earlier = $state.raw<Record<string, ShiftLogView>>({});
  /** The shift read in the log tab; null for the current one. */
  selected = $state<string | null>(null);

  /** The current shift's key first, then the ones before it. */
  keys = $derived(this.log ? recentShiftKeys(this.log.key, this.shifts) : []);
  /** The log being read: the selected shift's, or the current one. */
  shown = $derived(this.selected && this.selected !== this.log?.key ? (this.earlier[this.selected] ?? null) : this.log);
  /** The shown log's entries, newest first, for reading from the top. */
  entries = $derived(this.shown ? [...this.shown.entries].reverse() : []);
  /** The shift just before the current one: the handover the incoming supervisor confirms. */
  previous = $derived(this.keys[1] ? (this.earlier[this.keys[1]] ?? null) : null);

  #token: string;
  #timer: ReturnType<typeof setInterval> | undefined;
  #inFlight: Promise<void> | null = null;
  #again = false;
  #shiftsLoaded = false;

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

  /** Reads `key`'s log (null: the current shift's) and fetches it if not yet held. */
  select(key: string | null): void {
    this.selected = key === this.log?.key ? null : key;
    if (this.selected && !this.earlier[this.selected]) void this.refresh();
  }

  downloadCsv(key: string): Promise<void> {
    return downloadShiftLogCsv(this.#token, key);
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
      if (!this.#shiftsLoaded) await this.#loadShifts();
      this.log = await api<ShiftLogView>(this.#token, 'GET', logPath());
      const wanted = [...new Set([...this.keys.slice(1), ...(this.selected ? [this.selected] : [])])].filter((k) => k !== this.log?.key);
      const logs = await Promise.all(wanted.map((k) => api<ShiftLogView>(this.#token, 'GET', logPath(k))));
      this.earlier = Object.fromEntries(logs.map((l) => [l.key, l]));
      this.error = null;
    } catch (err) {
      this.error = err instanceof ApiError ? { status: err.status, message: err.message } : { status: 0, message: err instanceof Error ? err.message : String(err) };
    }
  }

  /** Without the roster the console still works; it just names no earlier shift. */
  async #loadShifts(): Promise<void> {
    try {
      this.shifts = (await api<Roster>(this.#token, 'GET', '/api/v1/roster')).shifts;
      this.#shiftsLoaded = true;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) throw err;
    }
  }
}
