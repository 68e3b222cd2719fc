/**
 * The shift plan and leave, one lowdb file per month (`plan/YYYY-MM.json`), and the holiday
 * calendar (`plan/holidays.json`). Writes go one at a time and are acknowledged only after
 * they are on disk.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { isMonth, type Leave, type PlanEntry, type PlanMonth } from '../../shared/planning/plan.js';

export interface PlanStore {
  /** The month's plan and leave (empty when nothing was saved). */
  month(month: string): Promise<PlanMonth>;
  /** Replaces the entries of each given month (leave is kept). */
  replaceEntries(byMonth: Map<string, PlanEntry[]>): Promise<void>;
  addLeave(leave: Leave): Promise<void>;
  /** Removes a leave by id from `month`; false when there was none. */
  removeLeave(month: string, id: string): Promise<boolean>;
  holidays(): string[];
  saveHolidays(days: string[]): Promise<void>;
}

/** Months kept open in memory; older ones are read again when asked for. */
const OPEN_MONTHS = 6;

export class LowdbPlanStore implements PlanStore {
  private readonly months = new Map<string, Low<PlanMonth>>();
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    private readonly dir: string,
    private readonly holidaysDb: Low<{ days: string[] }>,
  ) {}

  /** Opens (creating) `<dataDir>/plan`. */
  static async open(dataDir: string): Promise<LowdbPlanStore> {
    const dir = path.join(dataDir, 'plan');
    await fs.mkdir(dir, { recursive: true });
    const holidaysDb = new Low<{ days: string[] }>(new JSONFile(path.join(dir, 'holidays.json')), { days: [] });
    await holidaysDb.read();
    holidaysDb.data = { days: [], ...(holidaysDb.data as Partial<{ days: string[] }>) };
    return new LowdbPlanStore(dir, holidaysDb);
  }

  private async db(month: string): Promise<Low<PlanMonth>> {
    if (!isMonth(month)) throw new Error(`bad month ${month}`);
    let db = this.months.get(month);
    if (!db) {
      db = new Low<PlanMonth>(new JSONFile(path.join(this.dir, `${month}.json`)), { month, entries: [], leaves: [] });
      await db.read();
      db.data = { month, entries: [], leaves: [], ...(db.data as Partial<PlanMonth>) };
      if (this.months.size >= OPEN_MONTHS) this.months.delete(this.months.keys().next().value!);
      this.months.set(month, db);
    }
    return db;
  }

  /** Runs `work` after every earlier write has finished. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }

  /** Changes a month in memory and writes it; a failed write forgets the change (the file is read again). */
  private async change(month: string, mutate: (data: PlanMonth) => boolean): Promise<boolean> {
    const db = await this.db(month);
    if (!mutate(db.data)) return false;
    try {
      await db.write();
    } catch (err) {
      this.months.delete(month);
      throw err;
    }
    return true;
  }

  async month(month: string): Promise<PlanMonth> {
    const db = await this.serial(() => this.db(month));
    return structuredClone(db.data);
  }

  replaceEntries(byMonth: Map<string, PlanEntry[]>): Promise<void> {
    return this.serial(async () => {
      for (const [month, entries] of byMonth) {
        await this.change(month, (data) => {
          data.entries = entries;
          return true;
        });
      }
    });
  }

  addLeave(leave: Leave): Promise<void> {
    return this.serial(async () => {
      await this.change(leave.date.slice(0, 7), (data) => {
        data.leaves.push(leave);
        return true;
      });
    });
  }

  removeLeave(month: string, id: string): Promise<boolean> {
    return this.serial(() =>
      this.change(month, (data) => {
        const kept = data.leaves.filter((l) => l.id !== id);
        if (kept.length === data.leaves.length) return false;
        data.leaves = kept;
        return true;
      }),
    );
  }

  holidays(): string[] {
    return [...this.holidaysDb.data.days];
  }

  saveHolidays(days: string[]): Promise<void> {
    return this.serial(async () => {
      const before = this.holidaysDb.data;
      this.holidaysDb.data = { days };
      try {
        await this.holidaysDb.write();
      } catch (err) {
        this.holidaysDb.data = before;
        throw err;
      }
    });
  }
}
