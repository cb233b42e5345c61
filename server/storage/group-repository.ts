/** P2: subgroups of a class for a subject and their members over time (see page-roster.ts for how pages read them). */
import type { SqlDatabase } from "./sql-database.ts";
import type { GroupMember, GroupSummary } from "../../shared/groups.ts";

export class DuplicateGroupError extends Error {}

export class GroupRepository {
  constructor(private readonly db: SqlDatabase) {}

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  groupsOfClass(classId: string): GroupSummary[] {
    const pages = this.db.prepare<[number], { id: number }>("SELECT id FROM pages WHERE group_id = ? ORDER BY id");
    return this.db
      .prepare<[string], { id: number; class_id: number; subject_id: number; subject_name: string; name: string }>(
        `SELECT g.id, g.class_id, g.subject_id, s.name AS subject_name, g.name FROM class_groups g JOIN subjects s ON s.id = g.subject_id
         WHERE g.class_id = ? ORDER BY s.name, g.name`,
      )
      .all(classId)
      .map((g) => ({
        groupId: String(g.id), classId: String(g.class_id), subjectId: String(g.subject_id), subjectName: g.subject_name, name: g.name,
        pageIds: pages.all(g.id).map((p) => String(p.id)),
      }));
  }

  group(groupId: string): { groupId: string; classId: string; subjectId: string; name: string } | null {
    const g = this.db.prepare<[string], { id: number; class_id: number; subject_id: number; name: string }>("SELECT id, class_id, subject_id, name FROM class_groups WHERE id = ?").get(groupId);
    return g ? { groupId: String(g.id), classId: String(g.class_id), subjectId: String(g.subject_id), name: g.name } : null;
  }

  subjects(): Array<{ subjectId: string; subjectName: string }> {
    return this.db.prepare<[], { id: number; name: string }>("SELECT id, name FROM subjects ORDER BY name").all().map((s) => ({ subjectId: String(s.id), subjectName: s.name }));
  }

  subjectExists(subjectId: string): boolean {
    return this.db.prepare<[string], { one: number }>("SELECT 1 AS one FROM subjects WHERE id = ?").get(subjectId) !== undefined;
  }

  createGroup(classId: string, subjectId: string, name: string): string {
    const taken = this.db.prepare<[string, string, string], { one: number }>("SELECT 1 AS one FROM class_groups WHERE class_id = ? AND subject_id = ? AND name = ?").get(classId, subjectId, name);
    if (taken) throw new DuplicateGroupError(name);
    return String(this.db.prepare("INSERT INTO class_groups (class_id, subject_id, name) VALUES (?, ?, ?)").run(classId, subjectId, name).lastInsertRowid);
  }

  /** Memberships in every group of a class (all subjects), oldest first. */
  membersOfClass(classId: string): GroupMember[] {
    return this.db
      .prepare<[string], { group_id: number; student_id: number; from_on: string | null; until_on: string | null }>(
        "SELECT m.group_id, m.student_id, m.from_on, m.until_on FROM group_members m JOIN class_groups g ON g.id = m.group_id WHERE g.class_id = ? ORDER BY m.id",
      )
      .all(classId)
      .map((m) => ({ groupId: String(m.group_id), studentId: String(m.student_id), from: m.from_on, until: m.until_on }));
  }

  /** The student's memberships still open (no end) in the groups of one class and subject. */
  openMemberships(classId: string, subjectId: string, studentId: string): Array<{ id: string; groupId: string; from: string | null }> {
    return this.db
      .prepare<[string, string, string], { id: number; group_id: number; from_on: string | null }>(
        `SELECT m.id, m.group_id, m.from_on FROM group_members m JOIN class_groups g ON g.id = m.group_id
         WHERE g.class_id = ? AND g.subject_id = ? AND m.student_id = ? AND m.until_on IS NULL ORDER BY m.id`,
      )
      .all(classId, subjectId, studentId)
      .map((m) => ({ id: String(m.id), groupId: String(m.group_id), from: m.from_on }));
  }

  addMember(groupId: string, studentId: string, from: string | null, by: string, at: number): void {
    this.db.prepare("INSERT INTO group_members (group_id, student_id, from_on, set_by, set_at) VALUES (?, ?, ?, ?, ?)").run(groupId, studentId, from, by, at);
  }

  endMembership(membershipId: string, until: string): void {
    this.db.prepare("UPDATE group_members SET until_on = ? WHERE id = ?").run(until, membershipId);
  }

  /** A pending move called off: the pending row goes, the membership it would have ended goes on. */
  cancelPending(pendingId: string, studentId: string, endedOn: string, groupId: string): void {
    this.db.prepare("DELETE FROM group_members WHERE id = ?").run(pendingId);
    this.db.prepare("UPDATE group_members SET until_on = NULL WHERE student_id = ? AND group_id = ? AND until_on = ?").run(studentId, groupId, endedOn);
  }

  /** A move not yet in effect, changed before it starts: the row names the new group instead. */
  retarget(membershipId: string, groupId: string): void {
    this.db.prepare("UPDATE group_members SET group_id = ? WHERE id = ?").run(groupId, membershipId);
  }

  /** D5, movement: the student's open memberships in a class's groups end on that day. */
  endAllInClass(classId: string, studentId: string, until: string): void {
    this.db
      .prepare("UPDATE group_members SET until_on = ? WHERE student_id = ? AND until_on IS NULL AND group_id IN (SELECT id FROM class_groups WHERE class_id = ?)")
      .run(until, studentId, classId);
  }

  /** Bridge until the teaching load screen (issue 5, year set-up) makes group pages: a page for the group with the class page's lessons. */
  createGroupPage(groupId: string, teacherId: string): string {
    const g = this.db
      .prepare<[string], { class_id: number; subject_id: number; year_id: number }>("SELECT g.class_id, g.subject_id, c.year_id FROM class_groups g JOIN classes c ON c.id = g.class_id WHERE g.id = ?")
      .get(groupId)!;
    const classPage = this.db
      .prepare<[number, number], { id: number; marks_allowed: number }>("SELECT id, marks_allowed FROM pages WHERE class_id = ? AND subject_id = ? AND group_id IS NULL")
      .get(g.class_id, g.subject_id);
    const pageId = Number(
      this.db.prepare("INSERT INTO pages (year_id, class_id, subject_id, teacher_id, marks_allowed, group_id) VALUES (?, ?, ?, ?, ?, ?)")
        .run(g.year_id, g.class_id, g.subject_id, teacherId, classPage?.marks_allowed ?? 1, groupId).lastInsertRowid,
    );
    if (classPage) this.db.prepare("INSERT INTO lessons (page_id, held_on, slot) SELECT ?, held_on, slot FROM lessons WHERE page_id = ?").run(pageId, classPage.id);
    return String(pageId);
  }

  groupPageExists(groupId: string): boolean {
    return this.db.prepare<[string], { one: number }>("SELECT 1 AS one FROM pages WHERE group_id = ?").get(groupId) !== undefined;
  }

  logMovement(m: { studentId: string; kind: string; on: string; fromGroup?: string | null; toGroup?: string | null; fromClass?: string | null; toClass?: string | null; reason?: string; by: string; at: number }): void {
    this.db
      .prepare("INSERT INTO student_movements (student_id, kind, on_date, from_class, to_class, from_group, to_group, reason, by_user, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .run(m.studentId, m.kind, m.on, m.fromClass ?? null, m.toClass ?? null, m.fromGroup ?? null, m.toGroup ?? null, m.reason ?? "", m.by, m.at);
  }
}
