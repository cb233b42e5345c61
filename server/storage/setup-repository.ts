/**
 * P2, J1: classes of a year, subjects and the teaching load. A line of the
 * teaching load is a page (class x subject x year, with its teacher): the
 * journal page itself. Every lookup of "the page of this class and subject"
 * goes through `findPage`, so a subgroup column added later narrows it in one place.
 */
import type { SqlDatabase } from "./sql-database.ts";
import type { ClassRow, LoadRow, Person, SubjectRow } from "../../shared/setup-api.ts";
import { shortName } from "./school-repository.ts";

type NameRow = { surname: string | null; name: string | null; patronymic: string | null };
const nameOf = (r: NameRow): string => (r.surname === null ? "" : shortName({ surname: r.surname, name: r.name ?? "", patronymic: r.patronymic ?? "" }));

type LoadDbRow = NameRow & { id: number; class_id: number; subject_id: number; subject_name: string; teacher_id: number; marks_allowed: number };

const LOAD_SELECT = `SELECT p.id, p.class_id, p.subject_id, s.name AS subject_name, p.teacher_id, p.marks_allowed, u.surname, u.name, u.patronymic
  FROM pages p JOIN subjects s ON s.id = p.subject_id JOIN users u ON u.id = p.teacher_id JOIN classes c ON c.id = p.class_id`;
const LOAD_ORDER = `ORDER BY c.grade, c.name, s.name`;

function loadRow(r: LoadDbRow): LoadRow {
  return {
    pageId: String(r.id), classId: String(r.class_id), subjectId: String(r.subject_id), subjectName: r.subject_name,
    teacherId: String(r.teacher_id), teacherName: nameOf(r), marksAllowed: r.marks_allowed === 1,
  };
}

export class SetupRepository {
  constructor(private readonly db: SqlDatabase) {}

  teachers(): Person[] {
    return this.db
      .prepare<[], { id: number; surname: string; name: string; patronymic: string }>(
        "SELECT id, surname, name, patronymic FROM users WHERE role = 'teacher' AND disabled = 0 ORDER BY surname, name",
      )
      .all()
      .map((u) => ({ id: String(u.id), name: shortName(u) }));
  }

  isActiveTeacher(userId: string): boolean {
    return this.db.prepare<[string], { one: number }>("SELECT 1 AS one FROM users WHERE id = ? AND role = 'teacher' AND disabled = 0").get(userId) !== undefined;
  }

  subjects(): SubjectRow[] {
    return this.db
      .prepare<[], { id: number; name: string; double_marks: number }>("SELECT id, name, double_marks FROM subjects ORDER BY name")
      .all()
      .map((s) => ({ subjectId: String(s.id), name: s.name, doubleMarks: s.double_marks === 1 }));
  }

  /** Case-insensitive in Cyrillic too (SQLite's lower() folds ASCII only). */
  subjectByName(name: string): string | null {
    const wanted = name.toLocaleLowerCase("ru");
    return this.subjects().find((s) => s.name.toLocaleLowerCase("ru") === wanted)?.subjectId ?? null;
  }

  subjectExists(subjectId: string): boolean {
    return this.db.prepare<[string], { one: number }>("SELECT 1 AS one FROM subjects WHERE id = ?").get(subjectId) !== undefined;
  }

  createSubject(name: string, doubleMarks: boolean): string {
    return String(this.db.prepare("INSERT INTO subjects (name, double_marks) VALUES (?, ?)").run(name, doubleMarks ? 1 : 0).lastInsertRowid);
  }

  updateSubject(subjectId: string, name: string, doubleMarks: boolean): boolean {
    return this.db.prepare("UPDATE subjects SET name = ?, double_marks = ? WHERE id = ?").run(name, doubleMarks ? 1 : 0, subjectId).changes === 1;
  }

  pageIdsOfSubject(subjectId: string): string[] {
    return this.db.prepare<[string], { id: number }>("SELECT id FROM pages WHERE subject_id = ?").all(subjectId).map((r) => String(r.id));
  }

  classesOfYear(yearId: string): ClassRow[] {
    type Row = NameRow & { id: number; name_c: string; grade: number; class_teacher_id: number | null };
    return this.db
      .prepare<[string], Row>(
        `SELECT c.id, c.name AS name_c, c.grade, c.class_teacher_id, u.surname, u.name, u.patronymic
         FROM classes c LEFT JOIN users u ON u.id = c.class_teacher_id WHERE c.year_id = ? ORDER BY c.grade, c.name`,
      )
      .all(yearId)
      .map((r) => ({ classId: String(r.id), name: r.name_c, grade: r.grade, classTeacherId: r.class_teacher_id === null ? null : String(r.class_teacher_id), classTeacherName: nameOf(r) }));
  }

  classRow(classId: string): (ClassRow & { yearId: string }) | null {
    const row = this.db.prepare<[string], { year_id: number }>("SELECT year_id FROM classes WHERE id = ?").get(classId);
    if (!row) return null;
    const found = this.classesOfYear(String(row.year_id)).find((c) => c.classId === classId);
    return found ? { ...found, yearId: String(row.year_id) } : null;
  }

  classNamed(yearId: string, name: string, except: string | null = null): boolean {
    return this.db.prepare<[string, string, string], { one: number }>("SELECT 1 AS one FROM classes WHERE year_id = ? AND name = ? AND id != ?").get(yearId, name, except ?? "0") !== undefined;
  }

  createClass(yearId: string, name: string, grade: number, classTeacherId: string | null): string {
    return String(this.db.prepare("INSERT INTO classes (year_id, name, grade, class_teacher_id) VALUES (?, ?, ?, ?)").run(yearId, name, grade, classTeacherId).lastInsertRowid);
  }

  updateClass(classId: string, name: string, grade: number, classTeacherId: string | null): void {
    this.db.prepare("UPDATE classes SET name = ?, grade = ?, class_teacher_id = ? WHERE id = ?").run(name, grade, classTeacherId, classId);
  }

  loadOfYear(yearId: string): LoadRow[] {
    return this.db.prepare<[string], LoadDbRow>(`${LOAD_SELECT} WHERE p.year_id = ? ${LOAD_ORDER}`).all(yearId).map(loadRow);
  }

  loadOfClass(classId: string): LoadRow[] {
    return this.db.prepare<[string], LoadDbRow>(`${LOAD_SELECT} WHERE p.class_id = ? ${LOAD_ORDER}`).all(classId).map(loadRow);
  }

  pageRow(pageId: string): LoadRow | null {
    const row = this.db.prepare<[string], LoadDbRow>(`${LOAD_SELECT} WHERE p.id = ?`).get(pageId);
    return row ? loadRow(row) : null;
  }

  /** The page of a class and subject (a subgroup column, when added, narrows this lookup). */
  findPage(classId: string, subjectId: string): string | null {
    const row = this.db.prepare<[string, string], { id: number }>("SELECT id FROM pages WHERE class_id = ? AND subject_id = ?").get(classId, subjectId);
    return row ? String(row.id) : null;
  }

  createPage(yearId: string, classId: string, subjectId: string, teacherId: string, marksAllowed: boolean): string {
    return String(
      this.db
        .prepare("INSERT INTO pages (year_id, class_id, subject_id, teacher_id, marks_allowed) VALUES (?, ?, ?, ?, ?)")
        .run(yearId, classId, subjectId, teacherId, marksAllowed ? 1 : 0).lastInsertRowid,
    );
  }

  setPageTeacher(pageId: string, teacherId: string): void {
    this.db.prepare("UPDATE pages SET teacher_id = ? WHERE id = ?").run(teacherId, pageId);
  }
}
