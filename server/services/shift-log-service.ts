/** Writes to and reads the current shift's handover log. */
import type { Shift } from '../../shared/roster.js';
import { shiftInstanceAt } from '../../shared/floor/shifts.js';
import type { Handover, LogEntry, LogKind, ShiftLog } from '../../shared/shift-log.js';
import { isoInZone, localDayKey } from '../../shared/time.js';
import type { Clock } from '../clock.js';
import type { OpsStore } from '../store/ops-store.js';
import { AppError } from './errors.js';

export class ShiftLogService {
  private counter = 0;

  constructor(
    private readonly store: OpsStore,
    private readonly clock: Clock,
    private readonly timeZone: string,
    private readonly shifts: () => Shift[],
  ) {}

  /** The current shift as a log header; outside every shift, the day itself. */
  current(now = this.clock.now()): Omit<ShiftLog, 'entries'> {
    const shift = shiftInstanceAt(this.shifts(), now, this.timeZone);
    return shift ? { key: shift.key, shift: shift.name, night: shift.night } : { key: `${localDayKey(now, this.timeZone)}/day`, shift: 'day', night: false };
  }

  async record(kind: LogKind, actor: string, text: string, data?: Record<string, unknown>): Promise<LogEntry> {
    return this.recordIn(this.current(), kind, actor, text, data);
  }

  /** Writes to a given shift's log (a handover confirmed, or the figures of the shift just ended). */
  async recordIn(log: Omit<ShiftLog, 'entries'>, kind: LogKind, actor: string, text: string, data?: Record<string, unknown>): Promise<LogEntry> {
    const now = this.clock.now();
    const entry: LogEntry = { id: `${now.toString(36)}-${(++this.counter).toString(36)}`, at: isoInZone(now, this.timeZone), kind, actor, text, ...(data ? { data } : {}) };
    await this.store.appendLog(log, entry);
    return entry;
  }

  async setHandover(log: Omit<ShiftLog, 'entries'>, handover: Handover): Promise<void> {
    await this.store.setHandover(log, handover);
  }

  /** A shift's log (the current one when no key is given); an empty log when nothing was written. */
  async read(key?: string): Promise<ShiftLog> {
    const header = this.current();
    const wanted = key ?? header.key;
    let log: ShiftLog | undefined;
    try {
      log = await this.store.readLog(wanted);
    } catch {
      throw new AppError('validation', 'shift must look like YYYY-MM-DD/name');
    }
    return log ?? { ...(wanted === header.key ? header : { key: wanted, shift: wanted.split('/')[1] ?? '', night: false }), entries: [] };
  }
}
