/**
 * The reports view's state: the month shown, its five tables (`GET
 * /api/v1/reports/five-tables`), and CSV downloads. A 401 signs the console out; a newer
 * month asked for while one loads wins.
 */
import type { Lang } from '../../i18n/index.js';
import { api, ApiError } from '../../lib/api.js';
import type { Session } from '../../lib/state/session.svelte.js';
import type { FiveTablesReport, TableNumber } from './tables.js';

export type LoadPhase = 'idle' | 'loading' | 'ready' | 'failed';

/** `YYYY-MM` shifted by `months`. */
export function shiftMonth(month: string, months: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const t = new Date(Date.UTC(y, m - 1 + months, 1));
  return `${t.getUTCFullYear()}-${String(t.getUTCMonth() + 1).padStart(2, '0')}`;
}

export class ReportsState {
  report = $state.raw<FiveTablesReport | null>(null);
  phase = $state<LoadPhase>('idle');
  error = $state('');
  /** The table being downloaded, or null. */
  downloading = $state<TableNumber | null>(null);
  downloadError = $state('');

  #session: Session;
  #seq = 0;

  constructor(session: Session) {
    this.#session = session;
  }

  /** The month of the report shown (the server's current site month until one is picked). */
  get month(): string | null {
    return this.report?.month ?? null;
  }

  /** Loads `month`, or the current site month when none is given. */
  async load(month?: string): Promise<void> {
    const seq = ++this.#seq;
    this.phase = 'loading';
    this.error = '';
    try {
      const query = month ? `?month=${encodeURIComponent(month)}` : '';
      const report = await this.#call<FiveTablesReport>(`/api/v1/reports/five-tables${query}`);
      if (seq !== this.#seq) return;
      this.report = report;
      this.phase = 'ready';
    } catch (err) {
      if (seq !== this.#seq) return;
      this.phase = 'failed';
      this.error = err instanceof Error ? err.message : String(err);
    }
  }

  /** Fetches table `n` as CSV with the session's token and hands it to the browser as a file. */
  async download(n: TableNumber, lang: Lang): Promise<void> {
    const month = this.month;
    if (!month || this.downloading) return;
    this.downloading = n;
    this.downloadError = '';
    try {
      const res = await fetch(`/api/v1/reports/five-tables.csv?month=${month}&table=${n}&lang=${lang}`, { headers: { authorization: `Bearer ${this.#session.token ?? ''}` } });
      if (res.status === 401) this.#session.logout();
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const name = /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `five-tables-${month}-table${n}.csv`;
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.append(a);
      a.click();
      a.remove();
      // Give the browser a moment to start the download before the URL goes.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      this.downloadError = err instanceof Error ? err.message : String(err);
    } finally {
      this.downloading = null;
    }
  }

  reset(): void {
    this.#seq++;
    this.report = null;
    this.phase = 'idle';
    this.error = '';
    this.downloadError = '';
  }

  async #call<T>(path: string): Promise<T> {
    try {
      return await api<T>(this.#session.token, 'GET', path);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) this.#session.logout();
      throw err;
    }
  }
}
