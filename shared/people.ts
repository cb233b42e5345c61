/**
 * People of the school (A1-A3): who may manage staff accounts, keep a class's
 * student and parent cards and issue invite codes; how a card, a login, a
 * password and an invite code must look. Pure: the server enforces these, the
 * client calls them to show a mistake before sending.
 */
import type { Actor, Role } from "./roles.ts";
import { STAFF_ROLES } from "./roles.ts";
import type { ErrorCode } from "./errors.ts";

export type RightDecision = { ok: true } | { ok: false; code: ErrorCode };
const OK: RightDecision = { ok: true };

/** A1, R1: only the administrator makes, disables and enables staff accounts, and imports staff. */
export function canManageStaff(actor: Actor): RightDecision {
  return actor.role === "admin" ? OK : { ok: false, code: "forbidden" };
}

/** A2, A3, R1, R4: the class teacher of that class, or the administrator, keeps its cards and issues its codes. */
export function canKeepClass(actor: Actor, classId: string): RightDecision {
  if (actor.role === "admin") return OK;
  if (actor.role === "teacher" && actor.classTeacherOf.includes(classId)) return OK;
  return { ok: false, code: "not-your-class" };
}

/** A2, R9: only a parent account links further children to itself. */
export function canLinkChild(actor: Actor): RightDecision {
  return actor.role === "parent" ? OK : { ok: false, code: "forbidden" };
}

export type Sex = "м" | "ж";

/** A3: everything a student card holds; nothing else is kept. */
export interface CardInput {
  surname: string;
  name: string;
  patronymic: string;
  sex: Sex;
  /** ISO date. */
  bornOn: string;
}

export type CardField = keyof CardInput;

export interface FieldError {
  field: string;
  code: ErrorCode;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

const NAME_RE = /^[\p{L}][\p{L}\p{M}' .-]*$/u;
const MAX_NAME = 60;

function cleanText(v: unknown): string {
  return typeof v === "string" ? v.normalize("NFC").replace(/\s+/g, " ").trim() : "";
}

/** A person's name part: letters, with hyphens, apostrophes, spaces and dots inside (Анна-Мария, О'Нил). */
export function checkNamePart(value: unknown, field: string, required: boolean, errors: FieldError[]): string {
  const text = cleanText(value);
  if (text === "") {
    if (required) errors.push({ field, code: "field-required" });
    return "";
  }
  if (text.length > MAX_NAME || !NAME_RE.test(text)) errors.push({ field, code: "invalid-name" });
  return text;
}

export function parseSex(value: unknown): Sex | null {
  const t = cleanText(value).toLowerCase();
  if (t === "м" || t === "муж" || t === "мужской" || t === "m") return "м";
  if (t === "ж" || t === "жен" || t === "женский" || t === "f") return "ж";
  return null;
}

/** `ДД.ММ.ГГГГ` (as Russian schools write it) or ISO `ГГГГ-ММ-ДД`; null when not a real calendar date. */
export function parseDate(value: unknown): string | null {
  const t = cleanText(value);
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  let y: number, mo: number, d: number;
  if (m) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else {
    m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t);
    if (!m) return null;
    [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  }
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** School age bounds: a child of 5 may start early; nobody over 21 is still a student. */
const MIN_AGE = 5;
const MAX_AGE = 21;

function ageOn(bornOn: string, today: string): number {
  const [by, bm, bd] = bornOn.split("-").map(Number) as [number, number, number];
  const [ty, tm, td] = today.split("-").map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/** A3: a student card's fields, cleaned; `today` is the school's date (ISO). */
export function checkCard(input: Record<string, unknown>, today: string): Checked<CardInput> {
  const errors: FieldError[] = [];
  const surname = checkNamePart(input.surname, "surname", true, errors);
  const name = checkNamePart(input.name, "name", true, errors);
  const patronymic = checkNamePart(input.patronymic, "patronymic", false, errors);
  const sex = parseSex(input.sex);
  if (sex === null) errors.push({ field: "sex", code: cleanText(input.sex) === "" ? "field-required" : "invalid-sex" });
  const bornOn = parseDate(input.bornOn);
  if (bornOn === null) errors.push({ field: "bornOn", code: cleanText(input.bornOn) === "" ? "field-required" : "invalid-birth-date" });
  else {
    const age = ageOn(bornOn, today);
    if (age < MIN_AGE || age > MAX_AGE) errors.push({ field: "bornOn", code: "invalid-birth-date" });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { surname, name, patronymic, sex: sex!, bornOn: bornOn! } };
}

/** A parent's card: the name only (A3). */
export function checkParentName(input: Record<string, unknown>): Checked<{ surname: string; name: string; patronymic: string }> {
  const errors: FieldError[] = [];
  const surname = checkNamePart(input.surname, "surname", true, errors);
  const name = checkNamePart(input.name, "name", true, errors);
  const patronymic = checkNamePart(input.patronymic, "patronymic", false, errors);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { surname, name, patronymic } };
}

/** A1: logins are lower-case Latin letters, digits, dots, hyphens and underscores, from a letter; 3-40 long. */
export function normalizeLogin(value: unknown): string | null {
  const t = cleanText(value).toLowerCase();
  return /^[a-z][a-z0-9._-]{2,39}$/.test(t) ? t : null;
}

export const MIN_PASSWORD = 8;
export const MAX_PASSWORD = 200;

/** A password of one's own: at least 8 characters, not the login, not a single repeated character. */
export function checkPassword(password: unknown, login: string): ErrorCode | null {
  if (typeof password !== "string" || password.length > MAX_PASSWORD) return "weak-password";
  if (password.length < MIN_PASSWORD || password.toLowerCase().includes(login.toLowerCase()) || new Set(password).size < 4) return "weak-password";
  return null;
}

/** Staff roles by their Russian names too, as a school's spreadsheet spells them. */
const ROLE_NAMES: Record<string, Role> = {
  admin: "admin", "администратор": "admin",
  director: "director", "директор": "director",
  deputy: "deputy", "заместитель директора": "deputy", "завуч": "deputy", "заместитель": "deputy",
  teacher: "teacher", "учитель": "teacher", "педагог": "teacher",
  medic: "medic", "медработник": "medic", "медицинский работник": "medic", "медсестра": "medic", "врач": "medic",
};

/** A1: a staff role (never a student's or a parent's: those come with invite codes). */
export function parseStaffRole(value: unknown): Role | null {
  const role = ROLE_NAMES[cleanText(value).toLowerCase()];
  return role !== undefined && STAFF_ROLES.includes(role) ? role : null;
}

/** A2: invite codes: 10 characters of an alphabet with no look-alikes (0/O, 1/I/L), printed as XXXXX-XXXXX. */
export const INVITE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const INVITE_LENGTH = 10;

/** The code as typed (any case, dashes, spaces) to its canonical form, or null when it cannot be a code. */
export function normalizeInviteCode(value: unknown): string | null {
  if (typeof value !== "string" || value.length > 40) return null;
  const t = value.toUpperCase().replace(/[\s-]/g, "");
  if (t.length !== INVITE_LENGTH) return null;
  for (const c of t) if (!INVITE_ALPHABET.includes(c)) return null;
  return t;
}

export function formatInviteCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

export type InviteKind = "student" | "parent";

/** School settings for invites (A2): how long a code lives, how many parent codes per child. */
export interface InviteSettings {
  inviteCodeDays: number;
  parentSlots: number;
}

export const DEFAULT_INVITE_SETTINGS: InviteSettings = { inviteCodeDays: 14, parentSlots: 2 };

export const INVITE_SETTINGS_CHECK: Record<keyof InviteSettings, (v: unknown) => boolean> = {
  inviteCodeDays: (v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 90,
  parentSlots: (v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 4,
};

// ---- Shapes of the people API (docs/protocol.md) ----

export interface StaffAccount {
  id: string;
  login: string;
  role: Role;
  surname: string;
  name: string;
  patronymic: string;
  disabled: boolean;
  mustChangePassword: boolean;
  classNames: string[];
}

/** Answer to creating a staff account or resetting its password: the first password, shown once. */
export interface FirstPassword {
  id: string;
  login: string;
  firstPassword: string;
}

export interface ParentCard {
  id: string;
  login: string;
  surname: string;
  name: string;
  patronymic: string;
}

export interface StudentCard extends CardInput {
  id: string;
  leftOn: string | null;
  /** The student's own account exists (its code was used, or it was made before). */
  hasAccount: boolean;
  parents: ParentCard[];
  /** Unused, unexpired codes out for this student. */
  openCodes: { student: number; parent: number };
}

export interface ClassSummary {
  classId: string;
  name: string;
  grade: number;
}

export interface ClassCards {
  classId: string;
  className: string;
  students: StudentCard[];
}

export interface IssuedInvite {
  studentId: string;
  studentName: string;
  kind: InviteKind;
  /** 1.. for parents, 0 for the student. */
  slot: number;
  /** The code in clear: only in this answer, never stored. */
  code: string;
  expiresAt: number;
}

export interface InviteSheet {
  classId: string;
  className: string;
  schoolName: string;
  issuedAt: number;
  invites: IssuedInvite[];
}

/** POST /api/invites/activate */
export interface ActivateRequest {
  code: string;
  kind: InviteKind;
  /** For a new account; not sent by a signed-in parent linking a child. */
  login?: string;
  password?: string;
  /** A parent's own name, for the parent card. */
  surname?: string;
  name?: string;
  patronymic?: string;
}

export interface ActivateResult {
  userId: string;
  studentId: string;
  studentName: string;
  created: boolean;
}

export type ImportKind = "students" | "staff";

export interface ImportRowError {
  /** 1-based line of the file's record (the header is row 1). */
  row: number;
  /** The canonical column (surname, login, ...) or "" for the whole row. */
  column: string;
  code: ErrorCode;
}

export interface ImportPreview {
  kind: ImportKind;
  separator: ";" | ",";
  columns: string[];
  rows: Array<{ row: number; values: Record<string, string> }>;
  errors: ImportRowError[];
  valid: boolean;
}

export interface ImportResult {
  created: number;
  /** Staff import: each new account's first password, shown once. */
  firstPasswords?: FirstPassword[];
}
