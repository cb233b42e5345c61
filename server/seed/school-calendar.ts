/**
 * The academic year around a date (P1): quarters, holidays and days off of a
 * typical Russian school year, as the demo school uses them.
 */
import { schoolDaysOf } from "../../shared/calendar.ts";

export interface YearPlan {
  name: string;
  start: string;
  end: string;
  periods: Array<{ name: string; start: string; end: string }>;
  daysOff: Set<string>;
}

export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function day(year: number, month: number, dayOfMonth: number): string {
  return isoDate(new Date(Date.UTC(year, month - 1, dayOfMonth)));
}

/** The year that contains `today`; in summer, the one about to start. */
export function academicYearAround(today: Date): YearPlan {
  const y = today.getUTCMonth() + 1 >= 7 ? today.getUTCFullYear() : today.getUTCFullYear() - 1;
  const n = y + 1;
  const daysOff = new Set([day(y, 11, 4), day(n, 2, 23), day(n, 3, 9), day(n, 5, 1), day(n, 5, 11)]);
  return {
    name: `${y}/${n}`,
    start: day(y, 9, 1),
    end: day(n, 5, 26),
    periods: [
      { name: "I четверть", start: day(y, 9, 1), end: day(y, 10, 24) },
      { name: "II четверть", start: day(y, 11, 3), end: day(y, 12, 28) },
      { name: "III четверть", start: day(n, 1, 12), end: day(n, 3, 21) },
      { name: "IV четверть", start: day(n, 3, 30), end: day(n, 5, 26) },
    ],
    daysOff,
  };
}

/** School days (P1, P3) of the plan, by the same rule the server applies to a stored calendar (shared/calendar.ts). */
export function* schoolDays(plan: YearPlan): Generator<{ date: string; weekday: number }> {
  yield* schoolDaysOf({ periods: plan.periods, daysOff: [...plan.daysOff].map((d) => ({ start: d, end: d, name: "" })), moves: [] });
}
