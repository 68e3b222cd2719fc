/** How the admin console words failed requests and times. */
import type { MessageKey, Translate } from '../../i18n/index.js';
import type { Task } from '../../lib/state/admin.svelte.js';

const CODES = ['validation', 'conflict', 'forbidden', 'not_found', 'payload_too_large', 'network', 'empty'] as const;

/**
 * A translated summary for the task's error code, with the server's own message after it
 * unless the issues (listed separately) already say what is wrong.
 */
export function errorText(t: Translate, task: Task): string {
  const code = task.code ?? 'internal';
  const summary = (CODES as readonly string[]).includes(code) ? t(`admin.error.${code}` as MessageKey) : t('admin.error.other');
  return task.message && task.issues.length === 0 ? `${summary} (${task.message})` : summary;
}

/** An ISO time as a short local date and time (the admin's laptop is on the site). */
export function formatWhen(iso: string, lang: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? '—' : new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}
