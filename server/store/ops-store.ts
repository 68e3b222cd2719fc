/**
 * Supervisors' decisions (ops.json) and one handover log per shift (logs/<day>_<shift>.json),
 * in lowdb. Acknowledged only after the write: a crash after the ack keeps them.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { emptyOps, type OpsState } from '../../shared/ops.js';
import type { Handover, LogEntry, ShiftLog } from '../../shared/shift-log.js';

export interface OpsStore {
  ops(): OpsState;
  saveOps(ops: OpsState): Promise<void>;
  appendLog(log: Omit<ShiftLog, 'entries'>, entry: LogEntry): Promise<void>;
  readLog(key: string): Promise<ShiftLog | undefined>;
  setHandover(log: Omit<ShiftLog, 'entries'>, handover: Handover): Promise<void>;
}

const KEY_RE = /^(\d{4}-\d{2}-\d{2})\/([\p{L}\p{N} _-]{1,64})$/u;

export class LowdbOpsStore implements OpsStore {
  private readonly logs = new Map<string, Low<ShiftLog>>();
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    private readonly dir: string,
    private readonly opsDb: Low<OpsState>,
  ) {}

  static async open(dir: string): Promise<LowdbOpsStore> {
    await fs.mkdir(path.join(dir, 'logs'), { recursive: true });
    const opsDb = new Low<OpsState>(new JSONFile(path.join(dir, 'ops.json')), emptyOps());
    await opsDb.read();
    opsDb.data = { ...emptyOps(), ...opsDb.data };
    return new LowdbOpsStore(dir, opsDb);
  }

  ops(): OpsState {
    return this.opsDb.data;
  }

  async saveOps(ops: OpsState): Promise<void> {
    this.opsDb.data = ops;
    await this.opsDb.write();
  }

  private file(key: string): string {
    const m = KEY_RE.exec(key);
    if (!m) throw new Error(`bad shift key ${key}`);
    return path.join(this.dir, 'logs', `${m[1]}_${m[2]!.replace(/\s/g, '-')}.json`);
  }

  private async db(key: string, meta: Omit<ShiftLog, 'entries'>): Promise<Low<ShiftLog>> {
    let db = this.logs.get(key);
    if (!db) {
      db = new Low<ShiftLog>(new JSONFile(this.file(key)), { ...meta, entries: [] });
      await db.read();
      // Only the current and recent shifts are written; keep a handful open.
      if (this.logs.size > 8) this.logs.delete(this.logs.keys().next().value!);
      this.logs.set(key, db);
    }
    return db;
  }

  /** Appends in order, one write at a time (lowdb merges queued writes of one file). */
  appendLog(meta: Omit<ShiftLog, 'entries'>, entry: LogEntry): Promise<void> {
    const next = this.queue.then(async () => {
      const db = await this.db(meta.key, meta);
      db.data.entries.push(entry);
      await db.write();
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  setHandover(meta: Omit<ShiftLog, 'entries'>, handover: Handover): Promise<void> {
    const next = this.queue.then(async () => {
      const db = await this.db(meta.key, meta);
      db.data.handover = handover;
      await db.write();
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  async readLog(key: string): Promise<ShiftLog | undefined> {
    const open = this.logs.get(key);
    if (open) return open.data;
    try {
      await fs.access(this.file(key));
    } catch {
      return this.logs.get(key)?.data;
    }
    const db = new Low<ShiftLog>(new JSONFile(this.file(key)), { key, shift: '', night: false, entries: [] });
    await db.read();
    return db.data;
  }
}
