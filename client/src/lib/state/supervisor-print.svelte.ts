/**
 * One shift's handover log for the print page (/shift-log?shift=KEY): the log with its
 * signatures and the open problems, and the floor snapshot for the site's zone, names and
 * seat labels. Read once when asked; nothing is opened at construction.
 */
import type { ShiftLogView } from '../../../../shared/shift-log.js';
import type { FloorSnapshot } from '../../../../shared/snapshot.js';
import { api, ApiError } from '../api.js';
import { downloadShiftLogCsv } from './supervisor-log.svelte.js';

export class ShiftLogPrintState {
  view = $state.raw<ShiftLogView | null>(null);
  snapshot = $state.raw<FloorSnapshot | null>(null);
  error = $state<{ status: number; message: string } | null>(null);

  /** The entries in time order (corrections after what they correct, as written). */
  entries = $derived(this.view ? [...this.view.entries].sort((a, b) => Date.parse(a.at) - Date.parse(b.at)) : []);

  #token: string;
  #key: string | null;

  /** `key` is `YYYY-MM-DD/name`; null for the current shift. */
  constructor(token: string, key: string | null) {
    this.#token = token;
    this.#key = key;
  }

  async load(): Promise<void> {
    try {
      const path = `/api/v1/shift-log${this.#key ? `?shift=${encodeURIComponent(this.#key)}` : ''}`;
      const [view, snapshot] = await Promise.all([api<ShiftLogView>(this.#token, 'GET', path), api<FloorSnapshot>(this.#token, 'GET', '/api/v1/floor')]);
      this.view = view;
      this.snapshot = snapshot;
      this.error = null;
    } catch (err) {
      this.error = err instanceof ApiError ? { status: err.status, message: err.message } : { status: 0, message: err instanceof Error ? err.message : String(err) };
    }
  }

  downloadCsv(): Promise<void> {
    return this.view ? downloadShiftLogCsv(this.#token, this.view.key) : Promise.resolve();
  }
}
