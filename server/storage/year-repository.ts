/** Academic years as movement, groups, plans and the year close need them: bounds, periods, closed or not. */
import type { SqlDatabase } from "./sql-database.ts";
import type { PeriodBounds } from "../../shared/groups.ts";
import type { YearSummary } from "../../shared/movement.ts";

interface YearRow { id: number; name: string; starts_on: string; ends_on: string; closed_at: number | null; promoted_to: number | null }

const summary = (r: YearRow): YearSummary => ({
  yearId: String(r.id), name: r.name, startsOn: r.starts_on, endsOn: r.ends_on, closedAt: r.closed_at, promotedTo: r.promoted_to === null ? null : String(r.promoted_to),
});

export class YearRepository {
  constructor(private readonly db: SqlDatabase) {}

  years(): YearSummary[] {
    return this.db.prepare<[], YearRow>("SELECT id, name, starts_on, ends_on, closed_at, promoted_to FROM academic_years ORDER BY starts_on").all().map(summary);
  }

  year(yearId: string): YearSummary | null {
    const r = this.db.prepare<[string], YearRow>("SELECT id, name, starts_on, ends_on, closed_at, promoted_to FROM academic_years WHERE id = ?").get(yearId);
    return r ? summary(r) : null;
  }

  yearOfClass(classId: string): YearSummary | null {
    const r = this.db
      .prepare<[string], YearRow>("SELECT y.id, y.name, y.starts_on, y.ends_on, y.closed_at, y.promoted_to FROM academic_years y JOIN classes c ON c.year_id = y.id WHERE c.id = ?")
      .get(classId);
    return r ? summary(r) : null;
  }

  /** The year a school works in today: the open one containing today, else the latest open one, else the latest. */
  currentYear(today: string): YearSummary | null {
    const all = this.years();
    const open = all.filter((y) => y.closedAt === null);
    return open.find((y) => y.startsOn <= today && today <= y.endsOn) ?? open.at(-1) ?? all.at(-1) ?? null;
  }

  periods(yearId: string): PeriodBounds[] {
    return this.db
      .prepare<[string], { id: number; name: string; starts_on: string; ends_on: string }>("SELECT id, name, starts_on, ends_on FROM periods WHERE year_id = ? ORDER BY ord, starts_on")
      .all(yearId)
      .map((p) => ({ id: String(p.id), name: p.name, start: p.starts_on, end: p.ends_on }));
  }

  createYear(name: string, startsOn: string, endsOn: string): string {
    return String(this.db.prepare("INSERT INTO academic_years (name, starts_on, ends_on) VALUES (?, ?, ?)").run(name, startsOn, endsOn).lastInsertRowid);
  }

  yearByName(name: string): YearSummary | null {
    const r = this.db.prepare<[string], YearRow>("SELECT id, name, starts_on, ends_on, closed_at, promoted_to FROM academic_years WHERE name = ?").get(name);
    return r ? summary(r) : null;
  }

  close(yearId: string, by: string, at: number): boolean {
    return this.db.prepare("UPDATE academic_years SET closed_at = ?, closed_by = ? WHERE id = ? AND closed_at IS NULL").run(at, by, yearId).changes === 1;
  }

  markPromoted(yearId: string, toYearId: string): void {
    this.db.prepare("UPDATE academic_years SET promoted_to = ? WHERE id = ?").run(toYearId, yearId);
  }

  classesOfYear(yearId: string): Array<{ classId: string; name: string; grade: number; classTeacherId: string | null }> {
    return this.db
      .prepare<[string], { id: number; name: string; grade: number; class_teacher_id: number | null }>("SELECT id, name, grade, class_teacher_id FROM classes WHERE year_id = ? ORDER BY grade, name")
      .all(yearId)
      .map((c) => ({ classId: String(c.id), name: c.name, grade: c.grade, classTeacherId: c.class_teacher_id === null ? null : String(c.class_teacher_id) }));
  }

  pagesOfYear(yearId: string): Array<{ pageId: string; classId: string; className: string; subjectName: string; marksAllowed: boolean }> {
    return this.db
      .prepare<[string], { id: number; class_id: number; class_name: string; subject_name: string; marks_allowed: number }>(
        `SELECT p.id, p.class_id, c.name AS class_name, s.name AS subject_name, p.marks_allowed FROM pages p
         JOIN classes c ON c.id = p.class_id JOIN subjects s ON s.id = p.subject_id WHERE p.year_id = ? ORDER BY c.grade, c.name, s.name, p.id`,
      )
      .all(yearId)
      .map((p) => ({ pageId: String(p.id), classId: String(p.class_id), className: p.class_name, subjectName: p.subject_name, marksAllowed: p.marks_allowed === 1 }));
  }
}
