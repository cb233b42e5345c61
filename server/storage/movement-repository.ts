/**
 * Student movement (D5): enrolment on a date, leaving the school, transfer to
 * another class of the same year; promotion of a closed year's classes.
 * Every movement is also a row of `student_movements`, the record of it.
 */
import type { SqlDatabase } from "./sql-database.ts";
import type { CardInput } from "../../shared/people.ts";
import type { MovementStudent } from "../../shared/movement.ts";
import { fullName } from "./school-repository.ts";

export class MovementRepository {
  constructor(private readonly db: SqlDatabase) {}

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  studentsOfYear(yearId: string): MovementStudent[] {
    return this.db
      .prepare<[string], { id: number; surname: string; name: string; patronymic: string; class_id: number; class_name: string; left_on: string | null }>(
        `SELECT st.id, st.surname, st.name, st.patronymic, st.class_id, c.name AS class_name, st.left_on FROM students st JOIN classes c ON c.id = st.class_id
         WHERE c.year_id = ? ORDER BY c.grade, c.name, st.surname, st.name`,
      )
      .all(yearId)
      .map((r) => ({ id: String(r.id), fullName: fullName(r), classId: String(r.class_id), className: r.class_name, leftOn: r.left_on }));
  }

  student(studentId: string): { id: string; classId: string; leftOn: string | null; joinedOn: string | null } | null {
    const r = this.db
      .prepare<[string], { id: number; class_id: number; left_on: string | null; from_on: string | null }>(
        "SELECT st.id, st.class_id, st.left_on, e.from_on FROM students st LEFT JOIN class_enrolments e ON e.student_id = st.id AND e.class_id = st.class_id WHERE st.id = ?",
      )
      .get(studentId);
    return r ? { id: String(r.id), classId: String(r.class_id), leftOn: r.left_on, joinedOn: r.from_on } : null;
  }

  /** A new student in a class from a date (null: from the year's start). */
  enrol(classId: string, card: CardInput, from: string | null): string {
    const id = String(
      this.db.prepare("INSERT INTO students (class_id, surname, name, patronymic, sex, born_on) VALUES (?, ?, ?, ?, ?, ?)")
        .run(classId, card.surname, card.name, card.patronymic, card.sex, card.bornOn).lastInsertRowid,
    );
    if (from !== null) this.db.prepare("INSERT INTO class_enrolments (student_id, class_id, from_on) VALUES (?, ?, ?)").run(id, classId, from);
    return id;
  }

  leave(studentId: string, on: string): void {
    this.db.prepare("UPDATE students SET left_on = ? WHERE id = ?").run(on, studentId);
  }

  /** Transfer: the stay in the old class ends on `on` (exclusive), the one in the new class starts on it. */
  transfer(studentId: string, fromClassId: string, toClassId: string, on: string): void {
    this.db
      .prepare("INSERT INTO class_enrolments (student_id, class_id, from_on, until_on) VALUES (?, ?, NULL, ?) ON CONFLICT (student_id, class_id) DO UPDATE SET until_on = excluded.until_on")
      .run(studentId, fromClassId, on);
    this.db
      .prepare("INSERT INTO class_enrolments (student_id, class_id, from_on, until_on) VALUES (?, ?, ?, NULL) ON CONFLICT (student_id, class_id) DO UPDATE SET until_on = NULL")
      .run(studentId, toClassId, on);
    this.db.prepare("UPDATE students SET class_id = ? WHERE id = ?").run(toClassId, studentId);
  }

  classInfo(classId: string): { classId: string; name: string; grade: number; yearId: string } | null {
    const r = this.db.prepare<[string], { id: number; name: string; grade: number; year_id: number }>("SELECT id, name, grade, year_id FROM classes WHERE id = ?").get(classId);
    return r ? { classId: String(r.id), name: r.name, grade: r.grade, yearId: String(r.year_id) } : null;
  }

  /** The students still in a class at the end of its year. */
  currentStudents(classId: string, yearEnd: string): string[] {
    return this.db
      .prepare<[string, string], { id: number }>("SELECT id FROM students WHERE class_id = ? AND (left_on IS NULL OR left_on > ?)")
      .all(classId, yearEnd)
      .map((r) => String(r.id));
  }

  /** A class of the next year for a promoted one: the one of that name if the year already has it. */
  classForPromotion(yearId: string, name: string, grade: number, classTeacherId: string | null): string {
    const existing = this.db.prepare<[string, string], { id: number }>("SELECT id FROM classes WHERE year_id = ? AND name = ?").get(yearId, name);
    if (existing) return String(existing.id);
    return String(this.db.prepare("INSERT INTO classes (year_id, name, grade, class_teacher_id) VALUES (?, ?, ?, ?)").run(yearId, name, grade, classTeacherId).lastInsertRowid);
  }

  /** Promotion: the student goes on to the new class; its stay in the old one is kept (ended with the year). */
  promote(studentId: string, fromClassId: string, toClassId: string): void {
    this.db.prepare("INSERT OR IGNORE INTO class_enrolments (student_id, class_id, from_on, until_on) VALUES (?, ?, NULL, NULL)").run(studentId, fromClassId);
    this.db.prepare("UPDATE students SET class_id = ? WHERE id = ?").run(toClassId, studentId);
  }

  log(m: { studentId: string; kind: string; on: string; fromClass?: string | null; toClass?: string | null; reason?: string; by: string; at: number }): void {
    this.db
      .prepare("INSERT INTO student_movements (student_id, kind, on_date, from_class, to_class, reason, by_user, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .run(m.studentId, m.kind, m.on, m.fromClass ?? null, m.toClass ?? null, m.reason ?? "", m.by, m.at);
  }

  history(studentId: string): Array<{ kind: string; on: string; fromClass: string | null; toClass: string | null; reason: string }> {
    return this.db
      .prepare<[string], { kind: string; on_date: string; from_class: number | null; to_class: number | null; reason: string }>(
        "SELECT kind, on_date, from_class, to_class, reason FROM student_movements WHERE student_id = ? ORDER BY id",
      )
      .all(studentId)
      .map((r) => ({ kind: r.kind, on: r.on_date, fromClass: r.from_class === null ? null : String(r.from_class), toClass: r.to_class === null ? null : String(r.to_class), reason: r.reason }));
  }
}
