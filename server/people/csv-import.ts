/**
 * Checks a CSV of class lists or of staff, row by row, against the rules of
 * shared/people.ts and the school's records, and turns it into what would be
 * written. Nothing here writes: the route applies the plan only when the
 * whole file is valid.
 */
import type { Actor } from "../../shared/roles.ts";
import type { Role } from "../../shared/roles.ts";
import type { ErrorCode } from "../../shared/errors.ts";
import {
  canKeepClass, checkCard, checkParentName, normalizeLogin, parseStaffRole,
  type CardInput, type ImportKind, type ImportPreview, type ImportRowError,
} from "../../shared/people.ts";
import type { PeopleRepository } from "../storage/people-repository.ts";
import { parseCsv } from "./csv.ts";

/** Header spellings (lower case, ё as е) of each column a file may have; any other column is refused (A3: nothing beyond the card). */
const STUDENT_COLUMNS: Record<string, string[]> = {
  class: ["класс", "class"],
  surname: ["фамилия", "surname"],
  name: ["имя", "name"],
  patronymic: ["отчество", "patronymic"],
  sex: ["пол", "sex"],
  bornOn: ["дата рождения", "дата_рождения", "born on", "born_on", "bornon", "birth date", "date of birth"],
};
const STAFF_COLUMNS: Record<string, string[]> = {
  login: ["логин", "login"],
  role: ["роль", "должность", "role"],
  surname: STUDENT_COLUMNS.surname!,
  name: STUDENT_COLUMNS.name!,
  patronymic: STUDENT_COLUMNS.patronymic!,
};
const REQUIRED: Record<ImportKind, string[]> = {
  students: ["surname", "name", "sex", "bornOn"],
  staff: ["login", "role", "surname", "name"],
};
export const MAX_IMPORT_ROWS = 3000;

export type StudentPlanRow = { classId: string; card: CardInput };
export type StaffPlanRow = { login: string; role: Role; surname: string; name: string; patronymic: string };

export interface ImportCheck {
  preview: ImportPreview;
  students: StudentPlanRow[];
  staff: StaffPlanRow[];
}

export interface ImportContext {
  kind: ImportKind;
  actor: Actor;
  /** The class a class list goes into; without it each row names its class. */
  classId: string | null;
  today: string;
  people: PeopleRepository;
}

function headerKey(h: string): string {
  return h.replace(/^\uFEFF/, "").trim().toLowerCase().replace(/ё/g, "е").replace(/\s+/g, " ");
}

export function checkImport(text: string, ctx: ImportContext): ImportCheck {
  const errors: ImportRowError[] = [];
  const out: ImportCheck = { preview: { kind: ctx.kind, separator: ";", columns: [], rows: [], errors, valid: false }, students: [], staff: [] };
  const parsed = parseCsv(text);
  if (!parsed.ok) {
    errors.push({ row: parsed.line, column: "", code: parsed.code });
    return out;
  }
  out.preview.separator = parsed.separator;
  const [header, ...records] = parsed.records;
  const known = ctx.kind === "students" ? STUDENT_COLUMNS : STAFF_COLUMNS;
  const columns: string[] = [];
  header!.fields.forEach((h) => {
    const key = Object.keys(known).find((k) => known[k]!.includes(headerKey(h)));
    if (key === undefined || columns.includes(key)) errors.push({ row: header!.line, column: h.trim(), code: "column-not-allowed" });
    columns.push(key ?? "");
  });
  out.preview.columns = columns;
  const required = [...REQUIRED[ctx.kind], ...(ctx.kind === "students" && ctx.classId === null ? ["class"] : [])];
  for (const r of required) if (!columns.includes(r)) errors.push({ row: header!.line, column: r, code: "missing-column" });
  if (records.length === 0) errors.push({ row: header!.line, column: "", code: "csv-empty" });
  if (records.length > MAX_IMPORT_ROWS) errors.push({ row: records[MAX_IMPORT_ROWS]!.line, column: "", code: "csv-too-large" });
  if (errors.length > 0) return out;

  const seen = new Map<string, number>();
  for (const rec of records) {
    const values: Record<string, string> = {};
    columns.forEach((c, i) => (values[c] = (rec.fields[i] ?? "").trim()));
    out.preview.rows.push({ row: rec.line, values });
    const fail = (column: string, code: ErrorCode) => errors.push({ row: rec.line, column, code });
    if (rec.fields.slice(columns.length).some((f) => f.trim() !== "")) fail("", "extra-fields");
    if (ctx.kind === "students") checkStudentRow(values, ctx, fail, seen, out, rec.line);
    else checkStaffRow(values, ctx, fail, seen, out, rec.line);
  }
  out.preview.valid = errors.length === 0;
  return out;
}

type Fail = (column: string, code: ErrorCode) => void;

function checkStudentRow(values: Record<string, string>, ctx: ImportContext, fail: Fail, seen: Map<string, number>, out: ImportCheck, line: number): void {
  let classId = ctx.classId;
  const className = values.class ?? "";
  if (classId === null || className !== "") {
    const named = className === "" ? null : ctx.people.classByName(className);
    if (className === "" && classId === null) fail("class", "field-required");
    else if (named === null || (classId !== null && named !== classId)) fail("class", "unknown-class");
    else if (!canKeepClass(ctx.actor, named).ok) fail("class", "not-your-class");
    classId = named ?? classId;
  }
  const card = checkCard(values, ctx.today);
  if (!card.ok) {
    for (const e of card.errors) fail(e.field, e.code);
    return;
  }
  if (classId === null) return;
  const key = JSON.stringify([classId, card.value.surname, card.value.name, card.value.patronymic, card.value.bornOn]);
  if (seen.has(key) || ctx.people.duplicateStudent(classId, card.value, null)) fail("", "duplicate-student");
  seen.set(key, line);
  out.students.push({ classId, card: card.value });
}

function checkStaffRow(values: Record<string, string>, ctx: ImportContext, fail: Fail, seen: Map<string, number>, out: ImportCheck, line: number): void {
  const login = normalizeLogin(values.login);
  if (login === null) fail("login", values.login ? "invalid-login" : "field-required");
  else if (seen.has(login)) fail("login", "duplicate-login");
  else if (ctx.people.loginExists(login)) fail("login", "login-taken");
  if (login !== null) seen.set(login, line);
  const role = parseStaffRole(values.role);
  if (role === null) fail("role", values.role ? "invalid-role" : "field-required");
  const name = checkParentName(values);
  if (!name.ok) for (const e of name.errors) fail(e.field, e.code);
  if (login !== null && role !== null && name.ok) out.staff.push({ login, role, ...name.value });
}
