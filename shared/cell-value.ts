/**
 * The grammar of a journal cell (J3) and of a period mark (J6).
 * Everything a person types goes through `normalizeCellInput` first, so the
 * client shows exactly the value the server will check.
 */
import type { ErrorCode } from "./errors.ts";

export type CellKind = "mark" | "double-mark" | "absence";

export const ABSENCES = ["Н", "Б", "У"] as const;
export type Absence = (typeof ABSENCES)[number];

export const PERIOD_NON_ATTESTATION = ["у", "б", "н"] as const;

export interface GrammarSettings {
  /** J4: pages without marks (1st grade, some courses) take attendance only. */
  marksAllowed: boolean;
  /** J3: a school setting may allow the mark 1. */
  allowOne: boolean;
  /** J3: `5/4` where two works were done (Russian, literature, ...). */
  doubleMarks: boolean;
}

export const DEFAULT_GRAMMAR: GrammarSettings = { marksAllowed: true, allowOne: false, doubleMarks: true };

export type CellParse =
  | { ok: true; value: string; kind: CellKind }
  | { ok: false; code: ErrorCode };

// Latin and lower-case look-alikes of the absence letters, as teachers type them.
const LOOK_ALIKES: Record<string, string> = {
  н: "Н", H: "Н", h: "Н",
  б: "Б",
  у: "У", Y: "У", y: "У",
};

/** Trims, drops inner spaces, maps look-alikes to the canonical Cyrillic capitals. */
export function normalizeCellInput(input: string): string {
  const compact = input.normalize("NFC").replace(/\s+/g, "");
  return compact.length === 1 ? (LOOK_ALIKES[compact] ?? compact) : compact;
}

function markDigits(settings: GrammarSettings): string {
  return settings.allowOne ? "12345" : "2345";
}

function isMark(s: string, settings: GrammarSettings): boolean {
  return s.length === 1 && markDigits(settings).includes(s);
}

/** Parses an already stored or freshly typed cell value. The empty string is not a value: clearing is a delete. */
export function parseCellValue(raw: string, settings: GrammarSettings = DEFAULT_GRAMMAR): CellParse {
  const value = normalizeCellInput(raw);
  if ((ABSENCES as readonly string[]).includes(value)) return { ok: true, value, kind: "absence" };
  const parts = value.split("/");
  const allMarks = parts.every((p) => isMark(p, settings));
  if (!allMarks || parts.length > 2) return { ok: false, code: "invalid-value" };
  if (!settings.marksAllowed) return { ok: false, code: "marks-not-allowed" };
  if (parts.length === 2 && !settings.doubleMarks) return { ok: false, code: "invalid-value" };
  return { ok: true, value, kind: parts.length === 2 ? "double-mark" : "mark" };
}

/** The numeric marks a cell contributes to an average (a double mark counts twice). */
export function marksOf(value: string): number[] {
  if ((ABSENCES as readonly string[]).includes(value)) return [];
  return value.split("/").map(Number).filter((n) => Number.isInteger(n) && n >= 1 && n <= 5);
}

/** J6: a period mark is 2..5 (1 when allowed) or a non-attestation letter у б н. */
export function parsePeriodMark(raw: string, settings: GrammarSettings = DEFAULT_GRAMMAR): CellParse {
  const value = raw.normalize("NFC").trim();
  const lower = value.toLowerCase();
  if ((PERIOD_NON_ATTESTATION as readonly string[]).includes(lower)) return { ok: true, value: lower, kind: "absence" };
  if (isMark(value, settings)) return { ok: true, value, kind: "mark" };
  return { ok: false, code: "invalid-value" };
}
