/** A4: when each student and parent opened a diary, and the table the class teacher reads. */
import type { SqlDatabase } from "./sql-database.ts";
import { fullName } from "./school-repository.ts";
import { VISIT_GAP_MS, type DiaryReader, type DiaryUsageRow } from "../../shared/diary-usage.ts";

export interface DiaryOpen {
  studentId: string;
  userId: string;
  at: number;
}

export class UsageRepository {
  constructor(private readonly db: SqlDatabase) {}

  /** Records opens in one transaction; a reopen within VISIT_GAP_MS of the last one is the same visit. */
  recordOpens(opens: DiaryOpen[]): void {
    const upsert = this.db.prepare(
      `INSERT INTO diary_opens (student_id, user_id, first_opened_at, last_opened_at, opens) VALUES (?, ?, ?, ?, 1)
       ON CONFLICT (student_id, user_id) DO UPDATE SET
         opens = diary_opens.opens + (CASE WHEN excluded.last_opened_at - diary_opens.last_opened_at > ? THEN 1 ELSE 0 END),
         last_opened_at = MAX(diary_opens.last_opened_at, excluded.last_opened_at)`,
    );
    this.db.transaction(() => {
      for (const o of opens) upsert.run(o.studentId, o.userId, o.at, o.at, VISIT_GAP_MS);
    })();
  }

  classes(): Array<{ classId: string; className: string }> {
    return this.db
      .prepare<[], { id: number; name: string }>("SELECT id, name FROM classes ORDER BY grade, name")
      .all()
      .map((c) => ({ classId: String(c.id), className: c.name }));
  }

  /** Every student of the class (those who left included, marked by the school's records) with its student and parent accounts. */
  classUsage(classId: string): DiaryUsageRow[] {
    type Student = { id: number; surname: string; name: string; patronymic: string };
    type Reader = { user_id: number; role: "student" | "parent"; surname: string; name: string; patronymic: string; last_opened_at: number | null; opens: number | null };
    const students = this.db
      .prepare<[string], Student>("SELECT id, surname, name, patronymic FROM students WHERE class_id = ? ORDER BY surname, name")
      .all(classId);
    const readers = this.db.prepare<[number, number, number, number], Reader>(
      `SELECT u.id AS user_id, u.role, u.surname, u.name, u.patronymic, o.last_opened_at, o.opens
         FROM users u LEFT JOIN diary_opens o ON o.user_id = u.id AND o.student_id = ?
         WHERE u.role = 'student' AND u.student_id = ?
       UNION ALL
       SELECT u.id, u.role, u.surname, u.name, u.patronymic, o.last_opened_at, o.opens
         FROM parent_links pl JOIN users u ON u.id = pl.parent_id LEFT JOIN diary_opens o ON o.user_id = u.id AND o.student_id = ?
         WHERE pl.student_id = ?`,
    );
    return students.map((s) => ({
      studentId: String(s.id),
      fullName: fullName(s),
      readers: readers.all(s.id, s.id, s.id, s.id).map((r): DiaryReader => ({
        userId: String(r.user_id), name: fullName(r), role: r.role, lastOpenedAt: r.last_opened_at, visits: r.opens ?? 0,
      })),
    }));
  }
}
