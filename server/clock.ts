/**
 * The server's clock. `JOURNAL_NOW` (an ISO instant) starts it at a chosen
 * moment and lets it run from there: for demonstrations and for tests that
 * need "a lesson that started an hour ago" on any real date.
 */
export type Clock = () => number;

export function createClock(startAt: string | undefined = process.env.JOURNAL_NOW): Clock {
  if (!startAt) return Date.now;
  const start = Date.parse(startAt);
  if (Number.isNaN(start)) throw new Error(`JOURNAL_NOW is not a date: ${startAt}`);
  const offset = start - Date.now();
  return () => Date.now() + offset;
}
