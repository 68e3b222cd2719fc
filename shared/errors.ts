/**
 * Error codes the server may send. Anything else is logged and sent as `internal`, so
 * clients never see a raw exception message or stack.
 */
export const ERROR_CODES = [
  'bad_request',
  'validation',
  'unauthorized',
  'forbidden',
  'not_found',
  'payload_too_large',
  'conflict',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One field that failed validation: `path` like `[3, "at"]` (event 3, field `at`). */
export interface ValidationIssue {
  path: (string | number)[];
  message: string;
}

/** HTTP error body and socket error ack share this shape. */
export interface ErrorBody {
  error: ErrorCode;
  message: string;
  issues?: ValidationIssue[];
}

/** Socket acknowledgements: a union of success and error. */
export type Ack<T> = ({ ok: true } & { data: T }) | ({ ok: false } & ErrorBody);
