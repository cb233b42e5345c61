/**
 * Read access to the school's relational facts: people, classes, pages,
 * lessons. Everything the rules need about who may do what comes from here,
 * never from a client's copy of a document.
 */
import type { SqlDatabase } from "./sql-database.ts";
import type { Actor, Role } from "../../shared/roles.ts";
import type { DiaryFacts, PageFacts } from "../../shared/permissions.ts";
import type { DiarySummary, PageSummary, UserInfo } from "../../shared/api.ts";
import type { CorrectionPermit, JournalMeta, Period, RosterEntry } from "../../shared/journal-schema.ts";
import { DEFAULT_RULES, RULE_SETTINGS, type SchoolRules } from "../../shared/school-rules.ts";
import { diaryDocName, journalDocName } from "../../shared/doc-names.ts";
import { journalAccess } from "../../shared/permissions.ts";
import { pageIdsOfStudent, pageRoster } from "./page-roster.ts";

export interface UserRow {
  id: number;
  login: string;
  password_hash: string;
  role: Role;
  surname: string;
  name: string;
  patronymic: string;
  student_id: number | null;
  disabled: number;
  /** A1: 1 until a first password is changed. */
  must_change_password: number;
}

export interface SeedLesson {
  id: string;
  date: string;
  slot: number;
  substituteId: string | null;
  substituteName: string | null;
}

export interface JournalSeed {
  meta: JournalMeta;
  students: Array<{ id: string; entry: RosterEntry }>;
  lessons: SeedLesson[];
  permits: CorrectionPermit[];
}

interface PageRow {
  id: number;
  class_id: number;
  group_id: number | null;
  group_name: string | null;
  year_closed: number | null;
  teacher_id: number;
  year_id: number;
  marks_allowed: number;
  class_name: string;
  subject_name: string;
  double_marks: number;
  teacher_surname: string;
  teacher_name: string;
  teacher_patronymic: string;
  year_name: string;
}

const PAGE_SELECT = `
  SELECT p.id, p.class_id, p.group_id, g.name AS group_name, y.closed_at AS year_closed, p.teacher_id, p.year_id, p.marks_allowed,
         c.name AS class_name, s.name AS subject_name, s.double_marks,
         u.surname AS teacher_surname, u.name AS teacher_name, u.patronymic AS teacher_patronymic,
         y.name AS year_name
  FROM pages p JOIN classes c ON c.id = p.class_id JOIN subjects s ON s.id = p.subject_id
  JOIN users u ON u.id = p.teacher_id JOIN academic_years y ON y.id = p.year_id LEFT JOIN class_groups g ON g.id = p.group_id`;

export function fullName(p: { surname: string; name: string; patronymic: string }): string {
  return [p.surname, p.name, p.patronymic].filter(Boolean).join(" ");
}

export function shortName(p: { surname: string; name: string; patronymic: string }): string {
  const initials = [p.name, p.patronymic].filter(Boolean).map((n) => `${n[0]}.`).join("");
  return `${p.surname} ${initials}`.trim();
}

export class SchoolRepository {
  constructor(private readonly db: SqlDatabase) {}

  userByLogin(login: string): UserRow | undefined {
    return this.db.prepare<[string], UserRow>("SELECT * FROM users WHERE login = ?").get(login);
  }

  userById(id: number): UserRow | undefined {
    return this.db.prepare<[number], UserRow>("SELECT * FROM users WHERE id = ?").get(id);
  }

  classTeacherOf(userId: number): string[] {
    return this.db
      .prepare<[number], { id: number }>("SELECT id FROM classes WHERE class_teacher_id = ? ORDER BY id")
      .all(userId)
      .map((r) => String(r.id));
  }

  actor(user: UserRow): Actor {
    return { userId: String(user.id), role: user.role, classTeacherOf: this.classTeacherOf(user.id) };
  }

  userInfo(user: UserRow): UserInfo {
    const info: UserInfo = { id: String(user.id), login: user.login, fullName: fullName(user), role: user.role, classTeacherOf: this.classTeacherOf(user.id) };
    if (user.must_change_password) info.mustChangePassword = true;
    return info;
  }

  pageFacts(pageId: string): PageFacts | null {
    const row = this.db
      .prepare<[string], { id: number; class_id: number; teacher_id: number }>("SELECT id, class_id, teacher_id FROM pages WHERE id = ?")
      .get(pageId);
    return row ? this.factsOf(row) : null;
  }

  private factsOf(row: { id: number; class_id: number; teacher_id: number }): PageFacts {
    const substitutes = this.db
      .prepare<[number], { teacher_id: number }>("SELECT DISTINCT s.teacher_id FROM substitutions s JOIN lessons l ON l.id = s.lesson_id WHERE l.page_id = ?")
      .all(row.id);
    return { pageId: String(row.id), classId: String(row.class_id), teacherId: String(row.teacher_id), substituteIds: substitutes.map((s) => String(s.teacher_id)) };
  }

  /** The pages an actor may open, with the access it has. */
  pagesFor(actor: Actor): PageSummary[] {
    const rows = this.db.prepare<[], PageRow>(`${PAGE_SELECT} ORDER BY c.grade, c.name, s.name, g.name`).all();
    const out: PageSummary[] = [];
    for (const row of rows) {
      const decision = journalAccess(actor, this.factsOf(row));
      if (!decision.ok) continue;
      out.push({
        pageId: String(row.id),
        docName: journalDocName(String(row.id)),
        className: row.class_name,
        subjectName: row.subject_name,
        teacherName: shortName({ surname: row.teacher_surname, name: row.teacher_name, patronymic: row.teacher_patronymic }),
        // A closed year's page is read only (year-closed), whoever wrote it.
        access: row.year_closed !== null ? "read" : decision.access,
        ...(row.group_name !== null ? { groupName: row.group_name } : {}),
      });
    }
    return out;
  }

  /** The diaries an actor opens from its home screen: own, own children's, own class's. */
  diariesFor(actor: Actor, user: UserRow): DiarySummary[] {
    type Row = { id: number; surname: string; name: string; patronymic: string; class_name: string };
    const base = `SELECT st.id, st.surname, st.name, st.patronymic, c.name AS class_name FROM students st JOIN classes c ON c.id = st.class_id`;
    let rows: Row[] = [];
    if (actor.role === "student" && user.student_id !== null) {
      rows = this.db.prepare<[number], Row>(`${base} WHERE st.id = ?`).all(user.student_id);
    } else if (actor.role === "parent") {
      rows = this.db.prepare<[number], Row>(`${base} JOIN parent_links pl ON pl.student_id = st.id WHERE pl.parent_id = ? ORDER BY st.born_on`).all(user.id);
    } else if (actor.classTeacherOf.length > 0) {
      rows = this.db.prepare<[number], Row>(`${base} WHERE c.class_teacher_id = ? ORDER BY c.name, st.surname, st.name`).all(user.id);
    }
    return rows.map((r) => ({ studentId: String(r.id), docName: diaryDocName(String(r.id)), fullName: fullName(r), className: r.class_name }));
  }

  diaryFacts(studentId: string): DiaryFacts | null {
    const st = this.db.prepare<[string], { id: number; class_id: number }>("SELECT id, class_id FROM students WHERE id = ?").get(studentId);
    if (!st) return null;
    const studentUser = this.db.prepare<[number], { id: number }>("SELECT id FROM users WHERE student_id = ? AND role = 'student'").get(st.id);
    const parents = this.db.prepare<[number], { parent_id: number }>("SELECT parent_id FROM parent_links WHERE student_id = ?").all(st.id);
    return {
      studentId: String(st.id),
      classId: String(st.class_id),
      studentUserId: studentUser ? String(studentUser.id) : null,
      parentUserIds: parents.map((p) => String(p.parent_id)),
    };
  }

  studentCard(studentId: string): { fullName: string; className: string; classId: string; leftOn: string | null } | null {
    const row = this.db
      .prepare<[string], { surname: string; name: string; patronymic: string; class_name: string; class_id: number; left_on: string | null }>(
        "SELECT st.surname, st.name, st.patronymic, c.name AS class_name, c.id AS class_id, st.left_on FROM students st JOIN classes c ON c.id = st.class_id WHERE st.id = ?",
      )
      .get(studentId);
    return row ? { fullName: fullName(row), className: row.class_name, classId: String(row.class_id), leftOn: row.left_on } : null;
  }

  /** D1: the pages a student's diary is made from (its classes this year, its groups' pages only). */
  pageIdsOfStudent(studentId: string): string[] {
    return pageIdsOfStudent(this.db, studentId);
  }

  pageIdsOfClass(classId: string): string[] {
    return this.db.prepare<[string], { id: number }>("SELECT id FROM pages WHERE class_id = ? ORDER BY id").all(classId).map((r) => String(r.id));
  }

  /** Everything the server writes into a journal page document (meta, roster, lessons). */
  journalSeed(pageId: string): JournalSeed | null {
    const page = this.db.prepare<[string], PageRow>(`${PAGE_SELECT} WHERE p.id = ?`).get(pageId);
    if (!page) return null;
    const periods = this.db
      .prepare<[number], { id: number; name: string; starts_on: string; ends_on: string }>(
        "SELECT id, name, starts_on, ends_on FROM periods WHERE year_id = ? ORDER BY ord",
      )
      .all(page.year_id)
      .map((p): Period => ({ id: String(p.id), name: p.name, start: p.starts_on, end: p.ends_on }));
    const students = pageRoster(this.db, page);
    type LessonRow = { id: number; held_on: string; slot: number; sub_id: number | null; sub_surname: string | null; sub_name: string | null; sub_patronymic: string | null };
    const lessons = this.db
      .prepare<[number], LessonRow>(
        `SELECT l.id, l.held_on, l.slot, u.id AS sub_id, u.surname AS sub_surname, u.name AS sub_name, u.patronymic AS sub_patronymic
         FROM lessons l LEFT JOIN substitutions s ON s.lesson_id = l.id LEFT JOIN users u ON u.id = s.teacher_id
         WHERE l.page_id = ? ORDER BY l.held_on, l.slot`,
      )
      .all(page.id)
      .map((l): SeedLesson => ({
        id: String(l.id), date: l.held_on, slot: l.slot,
        substituteId: l.sub_id === null ? null : String(l.sub_id),
        substituteName: l.sub_id === null ? null : shortName({ surname: l.sub_surname!, name: l.sub_name!, patronymic: l.sub_patronymic! }),
      }));
    const meta: JournalMeta = {
      pageId: String(page.id),
      classId: String(page.class_id),
      className: page.class_name,
      subjectName: page.subject_name,
      teacherId: String(page.teacher_id),
      teacherName: shortName({ surname: page.teacher_surname, name: page.teacher_name, patronymic: page.teacher_patronymic }),
      academicYear: page.year_name,
      periods,
      grammar: { marksAllowed: page.marks_allowed === 1, allowOne: this.setting("allowOne") === "true", doubleMarks: page.double_marks === 1 },
      rules: this.rulesOfYear(page.year_id),
      ...(page.group_name !== null ? { groupName: page.group_name } : {}),
      ...(page.year_closed !== null ? { yearClosed: true } : {}),
    };
    return { meta, students, lessons, permits: this.permitsOfPage(pageId) };
  }

  /** The school's rules: defaults overridden by the settings an administrator stored. */
  rules(): SchoolRules {
    const rules: SchoolRules = { ...DEFAULT_RULES };
    for (const key of Object.keys(RULE_SETTINGS) as Array<keyof typeof RULE_SETTINGS>) {
      const raw = this.setting(key);
      if (raw !== undefined) (rules as unknown as Record<string, unknown>)[key] = JSON.parse(raw);
    }
    return rules;
  }

  /** P1: a page's rules: the school's, with its year's period kind and (when the year has its own) bells. */
  rulesOfYear(yearId: number): SchoolRules {
    const rules = this.rules();
    const year = this.db.prepare<[number], { period_kind: SchoolRules["periodKind"] }>("SELECT period_kind FROM academic_years WHERE id = ?").get(yearId);
    const bells = this.db
      .prepare<[number], { slot: number; starts_at: string; ends_at: string }>("SELECT slot, starts_at, ends_at FROM year_bells WHERE year_id = ? ORDER BY slot")
      .all(yearId);
    if (year) rules.periodKind = year.period_kind;
    if (bells.length > 0) rules.bells = bells.map((b) => ({ slot: b.slot, start: b.starts_at, end: b.ends_at }));
    return rules;
  }

  permitsOfPage(pageId: string): CorrectionPermit[] {
    type Row = { id: number; lesson_id: number | null; cells: string; reason: string; expires_at: number };
    const uses = this.db.prepare<[number], { cell: string }>("SELECT cell FROM permit_uses WHERE permit_id = ?");
    return this.db
      .prepare<[string], Row>("SELECT id, lesson_id, cells, reason, expires_at FROM permits WHERE page_id = ? ORDER BY id")
      .all(pageId)
      .map((r) => ({
        id: String(r.id), lessonId: r.lesson_id === null ? null : String(r.lesson_id), cells: JSON.parse(r.cells) as string[],
        reason: r.reason, expiresAt: r.expires_at, used: uses.all(r.id).map((u) => u.cell),
      }));
  }

  studentIdsOfClass(classId: string): string[] {
    return this.db.prepare<[string], { id: number }>("SELECT id FROM students WHERE class_id = ?").all(classId).map((r) => String(r.id));
  }

  userShortName(userId: string): string {
    const u = this.db.prepare<[string], { surname: string; name: string; patronymic: string }>("SELECT surname, name, patronymic FROM users WHERE id = ?").get(userId);
    return u ? shortName(u) : "";
  }

  setting(key: string): string | undefined {
    return this.db.prepare<[string], { value: string }>("SELECT value FROM school_settings WHERE key = ?").get(key)?.value;
  }
}
