/** P2, P4: curriculum hours per class and subject; the calendar-thematic plans' topics and state. */
import type { SqlDatabase } from "./sql-database.ts";
import type { PlanTopic } from "../../shared/thematic-plan.ts";
import type { CurriculumRow } from "../../shared/plan-rules.ts";

export class CurriculumRepository {
  constructor(private readonly db: SqlDatabase) {}

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Every class of the year with every subject it has a page of or hours for. */
  curriculum(yearId: string): CurriculumRow[] {
    return this.db
      .prepare<[string, string], { class_id: number; class_name: string; grade: number; subject_id: number; subject_name: string; hours: number | null }>(
        `SELECT c.id AS class_id, c.name AS class_name, c.grade, s.id AS subject_id, s.name AS subject_name, cu.hours
         FROM classes c CROSS JOIN subjects s
         LEFT JOIN curriculum cu ON cu.class_id = c.id AND cu.subject_id = s.id
         WHERE c.year_id = ? AND (cu.hours IS NOT NULL OR EXISTS (SELECT 1 FROM pages p WHERE p.class_id = c.id AND p.subject_id = s.id AND p.year_id = ?))
         ORDER BY c.grade, c.name, s.name`,
      )
      .all(yearId, yearId)
      .map((r) => ({ classId: String(r.class_id), className: r.class_name, grade: r.grade, subjectId: String(r.subject_id), subjectName: r.subject_name, hours: r.hours }));
  }

  setHours(classId: string, subjectId: string, hours: number | null, by: string, at: number): void {
    if (hours === null) this.db.prepare("DELETE FROM curriculum WHERE class_id = ? AND subject_id = ?").run(classId, subjectId);
    else {
      this.db
        .prepare(
          `INSERT INTO curriculum (class_id, subject_id, hours, set_by, set_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (class_id, subject_id) DO UPDATE SET hours = excluded.hours, set_by = excluded.set_by, set_at = excluded.set_at`,
        )
        .run(classId, subjectId, hours, by, at);
    }
  }

  /** The curriculum hours of a subject in the classes of a grade in one year (one number per class that has it). */
  hoursOfGrade(subjectId: string, grade: number, yearId: string): number[] {
    return this.db
      .prepare<[string, number, string], { hours: number }>(
        "SELECT cu.hours FROM curriculum cu JOIN classes c ON c.id = cu.class_id WHERE cu.subject_id = ? AND c.grade = ? AND c.year_id = ?",
      )
      .all(subjectId, grade, yearId)
      .map((r) => r.hours);
  }

  subjectName(subjectId: string): string | null {
    return this.db.prepare<[string], { name: string }>("SELECT name FROM subjects WHERE id = ?").get(subjectId)?.name ?? null;
  }

  classExists(classId: string): boolean {
    return this.db.prepare<[string], { one: number }>("SELECT 1 AS one FROM classes WHERE id = ?").get(classId) !== undefined;
  }

  topics(subjectId: string, grade: number): PlanTopic[] {
    return this.db.prepare<[string, number], PlanTopic>("SELECT ord, topic, hours FROM thematic_plans WHERE subject_id = ? AND grade = ? ORDER BY ord").all(subjectId, grade);
  }

  /** Replaces the plan's topics (a draft: whatever was typed is kept); an edit withdraws an approval. */
  saveTopics(subjectId: string, grade: number, topics: PlanTopic[], by: string, at: number): void {
    this.db.prepare("DELETE FROM thematic_plans WHERE subject_id = ? AND grade = ?").run(subjectId, grade);
    const insert = this.db.prepare("INSERT INTO thematic_plans (subject_id, grade, ord, topic, hours) VALUES (?, ?, ?, ?, ?)");
    for (const t of topics) insert.run(subjectId, grade, t.ord, t.topic, t.hours);
    this.db
      .prepare(
        `INSERT INTO thematic_plan_state (subject_id, grade, edited_by, edited_at, approved_by, approved_at) VALUES (?, ?, ?, ?, NULL, NULL)
         ON CONFLICT (subject_id, grade) DO UPDATE SET edited_by = excluded.edited_by, edited_at = excluded.edited_at, approved_by = NULL, approved_at = NULL`,
      )
      .run(subjectId, grade, by, at);
  }

  approve(subjectId: string, grade: number, by: string, at: number): void {
    this.db
      .prepare(
        `INSERT INTO thematic_plan_state (subject_id, grade, approved_by, approved_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (subject_id, grade) DO UPDATE SET approved_by = excluded.approved_by, approved_at = excluded.approved_at`,
      )
      .run(subjectId, grade, by, at);
  }

  state(subjectId: string, grade: number): { editedAt: number | null; approvedAt: number | null; approvedBy: string | null } {
    const r = this.db
      .prepare<[string, number], { edited_at: number | null; approved_at: number | null; approved_by: number | null }>(
        "SELECT edited_at, approved_at, approved_by FROM thematic_plan_state WHERE subject_id = ? AND grade = ?",
      )
      .get(subjectId, grade);
    return { editedAt: r?.edited_at ?? null, approvedAt: r?.approved_at ?? null, approvedBy: r?.approved_by === null || r?.approved_by === undefined ? null : String(r.approved_by) };
  }

  /** Every (subject, grade) that has a plan, curriculum hours or pages in the year. */
  planKeys(yearId: string): Array<{ subjectId: string; subjectName: string; grade: number }> {
    return this.db
      .prepare<[string, string], { subject_id: number; subject_name: string; grade: number }>(
        `SELECT DISTINCT k.subject_id, s.name AS subject_name, k.grade FROM (
           SELECT subject_id, grade FROM thematic_plans
           UNION SELECT cu.subject_id, c.grade FROM curriculum cu JOIN classes c ON c.id = cu.class_id WHERE c.year_id = ?
           UNION SELECT p.subject_id, c.grade FROM pages p JOIN classes c ON c.id = p.class_id WHERE p.year_id = ? AND p.marks_allowed IN (0, 1)
         ) k JOIN subjects s ON s.id = k.subject_id ORDER BY k.grade, s.name`,
      )
      .all(yearId, yearId)
      .map((r) => ({ subjectId: String(r.subject_id), subjectName: r.subject_name, grade: r.grade }));
  }

  /** R5: the user teaches this subject in a class of this grade (a page of it). */
  teaches(userId: string, subjectId: string, grade: number): boolean {
    return this.db
      .prepare<[string, string, number], { one: number }>("SELECT 1 AS one FROM pages p JOIN classes c ON c.id = p.class_id WHERE p.teacher_id = ? AND p.subject_id = ? AND c.grade = ? LIMIT 1")
      .get(userId, subjectId, grade) !== undefined;
  }
}
