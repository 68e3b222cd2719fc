/** Calendar days and months as `YYYY-MM-DD` / `YYYY-MM` strings (no zone: local dates). */

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The month (`YYYY-MM`) of a day `YYYY-MM-DD`. */
export function monthOf(day: string): string {
  return day.slice(0, 7);
}

/**
 * Every calendar day of `month`, in order, as `YYYY-MM-DD`.
 * @example monthDays('2026-02').length // 28
 */
export function monthDays(month: string): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const count = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: count }, (_, i) => `${month}-${pad2(i + 1)}`);
}

/**
 * Billing days (出账日): days 1–3 of every month, when customers ring about new bills.
 * @example isBillingDay('2026-03-02') // true
 */
export function isBillingDay(day: string): boolean {
  return Number(day.slice(8, 10)) <= 3;
}
