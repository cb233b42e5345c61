/**
 * Read-only SQL the reports, printouts and archive need beyond
 * SchoolRepository: the year's classes and periods, teachers and their
 * pages, the class's timetable of a day, and the audit trail of a page.
 */
import type { SqlDatabase } from "../storage/sql-database.ts";
import type { Period } from "../../shared/journal-schema.ts";
import { shortName } from "../storage/school-repository.ts";

export interface ClassInfo {
  id: string;
  name: string;
  grade: number;
  classTeacherId: string | null;
  classTeacherName: string;
}

export interface TeacherPage {
  pageId: string;
  classId: string;
  className: string;
  subjectName: string;
}

export interface AuditRow {
  serverTime: number;
  authorTime: number | null;
  userId: string;
  userName: string;
  target: string;
  oldValue: string | null;
  newValue: string | null;
  decision: string;
  reason: string | null;
  permitId: string | null;
}

type Named = { surname: string | null; name: string | null; patronymic: string | null };
const nameOf = (r: Named) => (r.surname === null ? "" : shortName({ surname: r.surname, name: r.name ?? "", patronymic: r.patronymic ?? "" }));

export class ReportRepository {
  constructor(private readonly db: SqlDatabase) {}

  /** The latest academic year (the one the school works in). */
  year(): { id: number; name: string; start: string; end: string } | null {
    const row = this.db.prepare<[], { id: number; name: string; starts_on: string; ends_on: string }>(
      "SELECT id, name, starts_on, ends_on FROM academic_years ORDER BY starts_on DESC, id DESC LIMIT 1",
    ).get();
    return row ? { id: row.id, name: row.name, start: row.starts_on, end: row.ends_on } : null;
  }

  periods(): Period[] {
    const year = this.year();
    if (!year) return [];
    return this.db
      .prepare<[number], { id: number; name: string; starts_on: string; ends_on: string }>("SELECT id, name, starts_on, ends_on FROM periods WHERE year_id = ? ORDER BY ord")
      .all(year.id)
      .map((p) => ({ id: String(p.id), name: p.name, start: p.starts_on, end: p.ends_on }));
  }

  /** A period by id, or the whole year as the pseudo-period `year`. */
  period(periodId: string): Period | null {
    if (periodId === "year") {
      const y = this.year();
      return y ? { id: "year", name: `${y.name} учебный год`, start: y.start, end: y.end } : null;
    }
    return this.periods().find((p) => p.id === periodId) ?? null;
  }

  classes(): ClassInfo[] {
    const year = this.year();
    if (!year) return [];
    type Row = { id: number; name: string; grade: number; class_teacher_id: number | null; t_surname: string | null; t_name: string | null; t_patronymic: string | null };
    return this.db
      .prepare<[number], Row>(
        `SELECT c.id, c.name, c.grade, c.class_teacher_id, u.surname AS t_surname, u.name AS t_name, u.patronymic AS t_patronymic
         FROM classes c LEFT JOIN users u ON u.id = c.class_teacher_id WHERE c.year_id = ? ORDER BY c.grade, c.name`,
      )
      .all(year.id)
      .map((r) => ({
        id: String(r.id), name: r.name, grade: r.grade,
        classTeacherId: r.class_teacher_id === null ? null : String(r.class_teacher_id),
        classTeacherName: nameOf({ surname: r.t_surname, name: r.t_name, patronymic: r.t_patronymic }),
      }));
  }

  classInfo(classId: string): ClassInfo | null {
    return this.classes().find((c) => c.id === classId) ?? null;
  }

  /** Teachers who teach at least one page, by surname. */
  teachers(): Array<{ id: string; name: string }> {
    return this.db
      .prepare<[], { id: number } & Named>(
        "SELECT DISTINCT u.id, u.surname, u.name, u.patronymic FROM users u JOIN pages p ON p.teacher_id = u.id ORDER BY u.surname, u.name",
      )
      .all()
      .map((r) => ({ id: String(r.id), name: nameOf(r) }));
  }

  pagesOfTeacher(teacherId: string): TeacherPage[] {
    return this.db
      .prepare<[string], { id: number; class_id: number; class_name: string; subject_name: string }>(
        `SELECT p.id, p.class_id, c.name AS class_name, s.name AS subject_name
         FROM pages p JOIN classes c ON c.id = p.class_id JOIN subjects s ON s.id = p.subject_id
         WHERE p.teacher_id = ? ORDER BY c.grade, c.name, s.name`,
      )
      .all(teacherId)
      .map((r) => ({ pageId: String(r.id), classId: String(r.class_id), className: r.class_name, subjectName: r.subject_name }));
  }

  /** J8: the slot of the class's last lesson on each day, for the homework deadline. */
  lastSlotsOfClass(classId: string): Map<string, number> {
    const rows = this.db
      .prepare<[string], { held_on: string; slot: number }>(
        "SELECT l.held_on, MAX(l.slot) AS slot FROM lessons l JOIN pages p ON p.id = l.page_id WHERE p.class_id = ? GROUP BY l.held_on",
      )
      .all(classId);
    return new Map(rows.map((r) => [r.held_on, r.slot]));
  }

  /** J11: the audit trail of one document, oldest first; `from`/`to` bound the server time (ms, inclusive). */
  audit(docName: string, from = 0, to = Number.MAX_SAFE_INTEGER): AuditRow[] {
    type Row = { server_time: number; author_time: number | null; user_id: number; target: string; old_value: string | null; new_value: string | null; decision: string; reason: string | null; permit_id: number | null } & Named;
    return this.db
      .prepare<[string, number, number], Row>(
        `SELECT a.server_time, a.author_time, a.user_id, a.target, a.old_value, a.new_value, a.decision, a.reason, a.permit_id, u.surname, u.name, u.patronymic
         FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
         WHERE a.doc_name = ? AND a.server_time BETWEEN ? AND ? ORDER BY a.id`,
      )
      .all(docName, from, to)
      .map((r) => ({
        serverTime: r.server_time, authorTime: r.author_time, userId: String(r.user_id), userName: nameOf(r), target: r.target,
        oldValue: r.old_value, newValue: r.new_value, decision: r.decision, reason: r.reason, permitId: r.permit_id === null ? null : String(r.permit_id),
      }));
  }

  schoolName(): string {
    return this.db.prepare<[], { value: string }>("SELECT value FROM school_settings WHERE key = 'schoolName'").get()?.value ?? "";
  }

  /** The director's short name, for the certification block (R2 certifies printouts). */
  directorName(): string {
    const row = this.db.prepare<[], Named>("SELECT surname, name, patronymic FROM users WHERE role = 'director' AND disabled = 0 ORDER BY id LIMIT 1").get();
    return row ? nameOf(row) : "";
  }
}
