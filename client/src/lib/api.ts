/** HTTP to the Floorboard API with the signed-in user's token; errors carry the server's code and message. */
import type { ErrorBody, ValidationIssue } from '../../../shared/errors.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ValidationIssue[] = [],
  ) {
    super(message);
  }
}

export async function api<T>(token: string | null, method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = contentType;
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  const parsed = text ? (JSON.parse(text) as unknown) : null;
  if (!res.ok) {
    const err = (parsed ?? {}) as Partial<ErrorBody>;
    throw new ApiError(res.status, err.error ?? 'internal', err.message ?? `HTTP ${res.status}`, err.issues ?? []);
  }
  return parsed as T;
}
