/**
 * Plumbing shared by the admin console's state: API calls that end the session when the
 * server no longer accepts the token, and the progress of one save or import.
 */
import type { ValidationIssue } from '../../../../shared/errors.js';
import { api, ApiError } from '../api.js';
import type { Session } from './session.svelte.js';

/** The admin's API: every call carries the session's token; a 401 signs the console out. */
export class AdminApi {
  constructor(private readonly session: Session) {}

  async call<T>(method: string, path: string, body?: unknown, contentType?: string): Promise<T> {
    try {
      return await api<T>(this.session.token, method, path, body, contentType);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) this.session.logout();
      throw err;
    }
  }
}

export type TaskPhase = 'idle' | 'busy' | 'done' | 'failed';

/**
 * One request's progress: busy while it runs, then done, or failed with the server's error
 * code, message and field issues (or a client-side check's code).
 */
export class Task {
  phase = $state<TaskPhase>('idle');
  code = $state<string | null>(null);
  message = $state('');
  issues = $state.raw<ValidationIssue[]>([]);

  get busy(): boolean {
    return this.phase === 'busy';
  }

  /** Runs `work`; true when it succeeded. Errors are kept here, never thrown. */
  async run(work: () => Promise<void>): Promise<boolean> {
    this.phase = 'busy';
    this.code = null;
    this.message = '';
    this.issues = [];
    try {
      await work();
      this.phase = 'done';
      return true;
    } catch (err) {
      if (err instanceof ApiError) this.fail(err.code, err.message, err.issues);
      else this.fail('network', err instanceof Error ? err.message : String(err));
      return false;
    }
  }

  /** Marks the task failed without asking the server (a client-side check). */
  fail(code: string, message = '', issues: ValidationIssue[] = []): void {
    this.phase = 'failed';
    this.code = code;
    this.message = message;
    this.issues = issues;
  }

  reset(): void {
    this.phase = 'idle';
    this.code = null;
    this.message = '';
    this.issues = [];
  }
}

/** A CSV issue as the server names it (`path: ["line 3", "role"]`): the file's line and the field. */
export interface CsvIssue {
  line: number | null;
  field: string;
  message: string;
}

export function csvIssue(issue: ValidationIssue): CsvIssue {
  const [first, ...rest] = issue.path;
  const m = typeof first === 'string' ? /^line (\d+)$/.exec(first) : null;
  if (!m) return { line: null, field: issue.path.join('.'), message: issue.message };
  return { line: Number(m[1]), field: rest.join('.'), message: issue.message };
}

/**
 * Every member of a string union, checked at compile time: `allOf<SeatKind>()(['inbound', …])`
 * fails to type-check when a member is missing. Keeps the client free of the shared zod schemas.
 */
export function allOf<T extends string>() {
  return <const A extends readonly T[]>(values: A & ([T] extends [A[number]] ? unknown : never)): A => values;
}
