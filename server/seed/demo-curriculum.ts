/** P2: the demo school's curriculum: each class's weekly hours of a subject (its timetable) for 34 school weeks. */
import type { SqlDatabase } from "../storage/sql-database.ts";

export const SCHOOL_WEEKS = 34;

export function seedDemoCurriculum(db: SqlDatabase, setBy: number, at: number): void {
  db.prepare(
    `INSERT INTO curriculum (class_id, subject_id, hours, set_by, set_at)
     SELECT p.class_id, p.subject_id, COUNT(*) * ?, ?, ? FROM timetable t JOIN pages p ON p.id = t.page_id GROUP BY p.class_id, p.subject_id`,
  ).run(SCHOOL_WEEKS, setBy, at);
}
