/** Errors that may reach a client: a whitelisted code, a message, and field issues. */
import type { ZodError } from 'zod';
import type { ErrorBody, ErrorCode, ValidationIssue } from '../../shared/errors.js';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ValidationIssue[],
  ) {
    super(message);
  }
}

const HTTP_STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  payload_too_large: 413,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};

export function httpStatus(code: ErrorCode): number {
  return HTTP_STATUS[code];
}

/** A validation error naming each bad field, e.g. `events[3].at: must be ISO 8601…`. */
export function validationError(error: ZodError, what: string): AppError {
  const issues: ValidationIssue[] = error.issues.slice(0, 50).map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message }));
  const first = issues[0];
  const where = first ? ` at ${first.path.length ? first.path.join('.') : '(root)'}: ${first.message}` : '';
  return new AppError('validation', `invalid ${what}${where}`, issues);
}

/** The body sent to clients; anything that is not an AppError becomes `internal`. */
export function toErrorBody(err: unknown): ErrorBody {
  if (err instanceof AppError) return { error: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}) };
  return { error: 'internal', message: 'internal error' };
}
