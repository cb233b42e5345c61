/** P3, R6: the weekly timetable of each class, the lesson rows it makes, and the day's lessons with their substitutes. */
import type { SqlDatabase } from "./sql-database.ts";
import type { TimetableSlot } from "../../shared/calendar.ts";
import type { DayLesson } from "../../shared/setup-api.ts";
import { shortName } from "./school-repository.ts";

export interface StoredLesson {
  id: string;
  date: string;
  slot: number;
  /** A substitute was assigned, or files were attached: the lesson is part of the record. */
  pinned: boolean;
}

export class TimetableRepository {
  constructor(private readonly db: SqlDatabase) {}

  slotsOfClass(classId: string): TimetableSlot[] {
    return this.db
      .prepare<[string], { weekday: number; slot: number; page_id: number }>("SELECT weekday, slot, page_id FROM timetable WHERE class_id = ? ORDER BY weekday, slot")
      .all(classId)
      .map((r) => ({ weekday: r.weekday, slot: r.slot, pageId: String(r.page_id) }));
  }

  /** Who teaches when in the other classes of the year: a teacher is in one class at a time. */
  teacherSlotsElsewhere(classId: string): Array<{ teacherId: string; weekday: number; slot: number; className: string }> {
    return this.db
      .prepare<[string, string], { teacher_id: number; weekday: number; slot: number; class_name: string }>(
        `SELECT p.teacher_id, t.weekday, t.slot, c.name AS class_name FROM timetable t JOIN pages p ON p.id = t.page_id JOIN classes c ON c.id = t.class_id
         WHERE c.year_id = (SELECT year_id FROM classes WHERE id = ?) AND t.class_id != ?`,
      )
      .all(classId, classId)
      .map((r) => ({ teacherId: String(r.teacher_id), weekday: r.weekday, slot: r.slot, className: r.class_name }));
  }

  replaceSlots(classId: string, slots: readonly TimetableSlot[]): void {
    this.db.prepare("DELETE FROM timetable WHERE class_id = ?").run(classId);
    const insert = this.db.prepare("INSERT INTO timetable (class_id, weekday, slot, page_id) VALUES (?, ?, ?, ?)");
    for (const s of slots) insert.run(classId, s.weekday, s.slot, s.pageId);
  }

  /** Lessons of a page after a date (exclusive). */
  lessonsAfter(pageId: string, date: string): StoredLesson[] {
    return this.db
      .prepare<[string, string], { id: number; held_on: string; slot: number; pinned: number }>(
        `SELECT l.id, l.held_on, l.slot,
                (EXISTS (SELECT 1 FROM substitutions s WHERE s.lesson_id = l.id) OR EXISTS (SELECT 1 FROM attachments a WHERE a.lesson_id = l.id)
                 OR EXISTS (SELECT 1 FROM permits p WHERE p.lesson_id = l.id)) AS pinned
         FROM lessons l WHERE l.page_id = ? AND l.held_on > ? ORDER BY l.held_on, l.slot`,
      )
      .all(pageId, date)
      .map((r) => ({ id: String(r.id), date: r.held_on, slot: r.slot, pinned: r.pinned === 1 }));
  }

  insertLesson(pageId: string, date: string, slot: number): string {
    return String(this.db.prepare("INSERT INTO lessons (page_id, held_on, slot) VALUES (?, ?, ?)").run(pageId, date, slot).lastInsertRowid);
  }

  deleteLesson(lessonId: string): void {
    this.db.prepare("DELETE FROM lessons WHERE id = ?").run(lessonId);
  }

  lesson(lessonId: string): { pageId: string; date: string; teacherId: string } | null {
    const row = this.db
      .prepare<[string], { page_id: number; held_on: string; teacher_id: number }>("SELECT l.page_id, l.held_on, p.teacher_id FROM lessons l JOIN pages p ON p.id = l.page_id WHERE l.id = ?")
      .get(lessonId);
    return row ? { pageId: String(row.page_id), date: row.held_on, teacherId: String(row.teacher_id) } : null;
  }

  /** R6: every lesson of the school on a date, with its teacher and substitute. */
  lessonsOn(date: string): DayLesson[] {
    type Row = {
      id: number; page_id: number; held_on: string; slot: number; class_name: string; subject_name: string;
      teacher_id: number; t_surname: string; t_name: string; t_patronymic: string;
      sub_id: number | null; s_surname: string | null; s_name: string | null; s_patronymic: string | null; reason: string | null;
    };
    return this.db
      .prepare<[string], Row>(
        `SELECT l.id, l.page_id, l.held_on, l.slot, c.name AS class_name, sj.name AS subject_name,
                p.teacher_id, t.surname AS t_surname, t.name AS t_name, t.patronymic AS t_patronymic,
                su.id AS sub_id, su.surname AS s_surname, su.name AS s_name, su.patronymic AS s_patronymic, s.reason
         FROM lessons l JOIN pages p ON p.id = l.page_id JOIN classes c ON c.id = p.class_id JOIN subjects sj ON sj.id = p.subject_id
         JOIN users t ON t.id = p.teacher_id LEFT JOIN substitutions s ON s.lesson_id = l.id LEFT JOIN users su ON su.id = s.teacher_id
         WHERE l.held_on = ? ORDER BY l.slot, c.grade, c.name`,
      )
      .all(date)
      .map((r) => ({
        lessonId: String(r.id), pageId: String(r.page_id), date: r.held_on, slot: r.slot, className: r.class_name, subjectName: r.subject_name,
        teacherId: String(r.teacher_id), teacherName: shortName({ surname: r.t_surname, name: r.t_name, patronymic: r.t_patronymic }),
        substitute: r.sub_id === null ? null : { teacherId: String(r.sub_id), name: shortName({ surname: r.s_surname!, name: r.s_name!, patronymic: r.s_patronymic! }), reason: r.reason ?? "" },
      }));
  }
}
