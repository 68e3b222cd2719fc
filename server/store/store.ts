/**
 * Everything Floorboard keeps besides the event journal, behind one interface. The lowdb
 * implementation is the only place that imports lowdb.
 */
import type { ForecastInterval, Roster } from '../../shared/roster.js';
import type { Settings, UserRole } from '../../shared/settings.js';
import type { Bucket, PresenceMark } from '../../shared/floor/state.js';

export interface UserRecord {
  username: string;
  role: UserRole;
  passwordHash: string;
  /** Bumped on password change or revocation: older tokens stop working. */
  tokenVersion: number;
  revoked: boolean;
  staffId: string | null;
  createdAt: string;
}

/** A read-only token for wall displays; several displays may share one. */
export interface WallToken {
  id: string;
  label: string;
  token: string;
  createdAt: string;
}

export interface Secrets {
  ingestKey: string;
  wallTokens: WallToken[];
  /** HMAC key for user tokens. */
  tokenSecret: string;
  /** The admin password generated on first start, kept so it can be found again. */
  generatedAdminPassword?: string;
}

/** One site-local day's archived figures: bucket start (ms) → queue → figures. */
export interface DayArchive {
  day: string;
  buckets: Record<string, Record<string, Bucket>>;
  phoneStaffSeconds: Record<string, number>;
  /** Sign-ins and sign-outs of the day, for attendance. */
  presence?: PresenceMark[];
}

export interface Store {
  settings(): Settings;
  saveSettings(settings: Settings): Promise<void>;
  roster(): Roster;
  saveRoster(roster: Roster): Promise<void>;
  forecast(): ForecastInterval[];
  saveForecast(intervals: ForecastInterval[]): Promise<void>;
  users(): UserRecord[];
  saveUser(user: UserRecord): Promise<void>;
  secrets(): Secrets;
  saveSecrets(secrets: Secrets): Promise<void>;
  /** Replaces the given buckets in a day's archive; writes only that day's file. */
  archiveDay(archive: DayArchive): Promise<void>;
  readDay(day: string): Promise<DayArchive | undefined>;
  /** Writes a probe file, to tell whether the store is writable (for /healthz). */
  probeWritable(): Promise<boolean>;
}
