/**
 * Weighted averages and the suggested period mark (J5, J7, D3).
 */
import { marksOf } from "./cell-value.ts";

export interface WeightedMark {
  value: string;
  weight: number;
}

/** J5: each mark counts with its work type's weight; a double mark counts as two marks. Null without marks. */
export function weightedAverage(marks: readonly WeightedMark[]): number | null {
  let sum = 0;
  let weights = 0;
  for (const m of marks) {
    for (const n of marksOf(m.value)) {
      sum += n * m.weight;
      weights += m.weight;
    }
  }
  return weights === 0 ? null : sum / weights;
}

/** Rounded to two decimals the way it is shown and compared (4.495 shows as 4.50 and suggests 5). */
export function roundAverage(avg: number): number {
  return Math.round((avg + Number.EPSILON) * 100) / 100;
}

/** J7: 4.50-5.00 -> 5; 3.50-4.49 -> 4; 2.50-3.49 -> 3; below -> 2. */
export function suggestedMark(avg: number | null): string | null {
  if (avg === null) return null;
  const a = roundAverage(avg);
  if (a >= 4.5) return "5";
  if (a >= 3.5) return "4";
  if (a >= 2.5) return "3";
  return "2";
}

export type PeriodKind = "quarter" | "trimester" | "half-year" | "year";

/** J7: at least 3 marks for a quarter (and trimester), 6 for a half-year or year. */
export function minimumMarks(kind: PeriodKind): number {
  return kind === "half-year" || kind === "year" ? 6 : 3;
}

export interface PeriodSummary {
  average: number | null;
  suggested: string | null;
  count: number;
  /** Marks still missing to reach the minimum (0 when enough). */
  missing: number;
}

export function summarizePeriod(marks: readonly WeightedMark[], kind: PeriodKind): PeriodSummary {
  const count = marks.reduce((n, m) => n + marksOf(m.value).length, 0);
  const average = weightedAverage(marks);
  return { average: average === null ? null : roundAverage(average), suggested: suggestedMark(average), count, missing: Math.max(0, minimumMarks(kind) - count) };
}
