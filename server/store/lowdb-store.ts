/**
 * The default store: lowdb JSON files in the data dir, partitioned so that a write touches
 * one small file: `floorboard.json` (settings, roster, users), `secrets.json`,
 * `forecast.json` and one `days/YYYY-MM-DD.json` per archived day.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { ForecastInterval, Roster } from '../../shared/roster.js';
import { DEFAULT_SHIFTS } from '../../shared/roster.js';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings.js';
import type { DayArchive, Secrets, Store, UserRecord, WallToken } from './store.js';

interface MainData {
  settings: Settings;
  roster: Roster;
  users: UserRecord[];
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

export class LowdbStore implements Store {
  private constructor(
    private readonly dir: string,
    private readonly main: Low<MainData>,
    private readonly secretsDb: Low<Secrets>,
    private readonly forecastDb: Low<{ intervals: ForecastInterval[] }>,
  ) {}

  /** Opens (creating) the store in `dir`; `fresh` is true when there were no secrets yet. */
  static async open(dir: string): Promise<{ store: LowdbStore; fresh: boolean }> {
    await fs.mkdir(path.join(dir, 'days'), { recursive: true });
    const main = new Low<MainData>(new JSONFile(path.join(dir, 'floorboard.json')), {
      settings: DEFAULT_SETTINGS,
      roster: { seats: [], staff: [], shifts: DEFAULT_SHIFTS },
      users: [],
    });
    const secretsFile = path.join(dir, 'secrets.json');
    const fresh = !(await exists(secretsFile));
    const secretsDb = new Low<Secrets>(new JSONFile(secretsFile), {
      ingestKey: randomSecret(),
      wallTokens: [{ id: 'w1', label: 'wall', token: randomSecret(), createdAt: new Date().toISOString() }],
      tokenSecret: randomSecret(),
    });
    const forecastDb = new Low<{ intervals: ForecastInterval[] }>(new JSONFile(path.join(dir, 'forecast.json')), { intervals: [] });
    await Promise.all([main.read(), secretsDb.read(), forecastDb.read()]);
    main.data.settings = { ...DEFAULT_SETTINGS, ...main.data.settings };
    // Data dirs from before named wall tokens kept bare strings.
    const legacy = secretsDb.data.wallTokens as unknown[];
    if (legacy.some((t) => typeof t === 'string')) {
      secretsDb.data.wallTokens = legacy.map((t, i) => (typeof t === 'string' ? { id: `w${i + 1}`, label: 'wall', token: t, createdAt: new Date().toISOString() } : (t as WallToken)));
      await secretsDb.write();
    }
    if (fresh) await secretsDb.write();
    // Every write replaces the file (temp file + rename) with default permissions, so tighten them after each.
    await fs.chmod(secretsFile, 0o600);
    return { store: new LowdbStore(dir, main, secretsDb, forecastDb), fresh };
  }

  settings(): Settings {
    return this.main.data.settings;
  }
  async saveSettings(settings: Settings): Promise<void> {
    this.main.data.settings = settings;
    await this.main.write();
  }
  roster(): Roster {
    return this.main.data.roster;
  }
  async saveRoster(roster: Roster): Promise<void> {
    this.main.data.roster = roster;
    await this.main.write();
  }
  forecast(): ForecastInterval[] {
    return this.forecastDb.data.intervals;
  }
  async saveForecast(intervals: ForecastInterval[]): Promise<void> {
    this.forecastDb.data.intervals = intervals;
    await this.forecastDb.write();
  }
  users(): UserRecord[] {
    return this.main.data.users;
  }
  async saveUser(user: UserRecord): Promise<void> {
    const users = this.main.data.users.filter((u) => u.username !== user.username);
    users.push(user);
    this.main.data.users = users;
    await this.main.write();
  }
  secrets(): Secrets {
    return this.secretsDb.data;
  }
  async saveSecrets(secrets: Secrets): Promise<void> {
    this.secretsDb.data = secrets;
    await this.secretsDb.write();
    await fs.chmod(path.join(this.dir, 'secrets.json'), 0o600);
  }

  private dayDb(day: string): Low<DayArchive> {
    if (!DAY_RE.test(day)) throw new Error(`bad day key ${day}`);
    return new Low<DayArchive>(new JSONFile(path.join(this.dir, 'days', `${day}.json`)), { day, buckets: {}, phoneStaffSeconds: {} });
  }

  async archiveDay(archive: DayArchive): Promise<void> {
    const db = this.dayDb(archive.day);
    await db.read();
    // Replace, never add: archiving the same day twice (a crash before the checkpoint that
    // drops it from live state) must not count it twice.
    Object.assign(db.data.buckets, archive.buckets);
    Object.assign(db.data.phoneStaffSeconds, archive.phoneStaffSeconds);
    // The live window holds a whole day's marks, so the day's list is replaced whole too.
    if (archive.presence) db.data.presence = archive.presence;
    await db.write();
  }

  async readDay(day: string): Promise<DayArchive | undefined> {
    const file = path.join(this.dir, 'days', `${day}.json`);
    if (!DAY_RE.test(day) || !(await exists(file))) return undefined;
    const db = this.dayDb(day);
    await db.read();
    return db.data;
  }

  async probeWritable(): Promise<boolean> {
    const probe = path.join(this.dir, '.healthz');
    try {
      await fs.writeFile(probe, String(Date.now()));
      return true;
    } catch {
      return false;
    }
  }
}

/** A fresh secret: 24 random bytes, base64url. */
export function randomSecret(): string {
  return crypto.randomBytes(24).toString('base64url');
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
