/** Writes an administrator makes: substitutions (R6), correction permits (J9), rule settings. */
import type { SqlDatabase } from "./sql-database.ts";

export class SchoolAdminRepository {
  constructor(private readonly db: SqlDatabase) {}

  lessonPage(lessonId: string): { pageId: string; date: string } | null {
    const row = this.db.prepare<[string], { page_id: number; held_on: string }>("SELECT page_id, held_on FROM lessons WHERE id = ?").get(lessonId);
    return row ? { pageId: String(row.page_id), date: row.held_on } : null;
  }

  isTeacher(userId: string): boolean {
    return this.db.prepare<[string], { one: number }>("SELECT 1 AS one FROM users WHERE id = ? AND role = 'teacher' AND disabled = 0").get(userId) !== undefined;
  }

  assignSubstitute(lessonId: string, teacherId: string, reason: string, by: string, at: number): void {
    this.db
      .prepare(
        `INSERT INTO substitutions (lesson_id, teacher_id, reason, assigned_by, assigned_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (lesson_id) DO UPDATE SET teacher_id = excluded.teacher_id, reason = excluded.reason, assigned_by = excluded.assigned_by, assigned_at = excluded.assigned_at`,
      )
      .run(lessonId, teacherId, reason, by, at);
  }

  removeSubstitute(lessonId: string): void {
    this.db.prepare("DELETE FROM substitutions WHERE lesson_id = ?").run(lessonId);
  }

  grantPermit(p: { pageId: string; lessonId: string | null; cells: string[]; reason: string; expiresAt: number; by: string; at: number }): string {
    const info = this.db
      .prepare("INSERT INTO permits (page_id, lesson_id, cells, reason, expires_at, granted_by, granted_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .run(p.pageId, p.lessonId, JSON.stringify(p.cells), p.reason, p.expiresAt, p.by, p.at);
    return String(info.lastInsertRowid);
  }

  usePermit(permitId: string, cell: string, by: string, at: number): void {
    this.db.prepare("INSERT INTO permit_uses (permit_id, cell, used_by, used_at) VALUES (?, ?, ?, ?)").run(permitId, cell, by, at);
  }

  disableUser(userId: string): boolean {
    return this.db.prepare("UPDATE users SET disabled = 1 WHERE id = ?").run(userId).changes === 1;
  }

  setRule(key: string, value: unknown): void {
    this.db
      .prepare("INSERT INTO school_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
      .run(key, JSON.stringify(value));
  }
}
