/**
 * J1, P2, D5: who is on a page. A whole-class page lists every student who was
 * in the class this year (by `class_enrolments`, or the student's current class);
 * a group page only the group's members. Each entry says when the student came
 * (`joinedOn`: enrolled later, moved into the group) and the first day no longer
 * on the page (`leftOn`: left the school, the class or the group), so marks
 * given before a move stay readable where they were given and no mark lands
 * outside the student's time on the page.
 */
import type { SqlDatabase } from "./sql-database.ts";
import type { RosterEntry } from "../../shared/journal-schema.ts";

interface ClassRow {
  id: number; surname: string; name: string; patronymic: string; left_on: string | null; class_id: number;
  from_on: string | null; until_on: string | null;
}

const later = (a: string | null | undefined, b: string | null | undefined) => (!a ? b ?? null : !b ? a : a > b ? a : b);
const earlier = (a: string | null | undefined, b: string | null | undefined) => (!a ? b ?? null : !b ? a : a < b ? a : b);

function entryOf(r: { surname: string; name: string; patronymic: string }, joinedOn: string | null, leftOn: string | null): RosterEntry {
  const entry: RosterEntry = { surname: r.surname, name: r.name, patronymic: r.patronymic, leftOn };
  // Only when set: rosters written before movement existed stay byte-for-byte the same.
  if (joinedOn) entry.joinedOn = joinedOn;
  return entry;
}

/** The class's students this year with their stay in it. */
export function classStays(db: SqlDatabase, classId: number): Map<number, { row: ClassRow; joinedOn: string | null; leftOn: string | null }> {
  const rows = db
    .prepare<[number, number, number], ClassRow>(
      `SELECT st.id, st.surname, st.name, st.patronymic, st.left_on, st.class_id, e.from_on, e.until_on
       FROM students st LEFT JOIN class_enrolments e ON e.student_id = st.id AND e.class_id = ?
       WHERE st.class_id = ? OR st.id IN (SELECT student_id FROM class_enrolments WHERE class_id = ?)
       ORDER BY st.surname, st.name`,
    )
    .all(classId, classId, classId);
  const out = new Map<number, { row: ClassRow; joinedOn: string | null; leftOn: string | null }>();
  for (const r of rows) {
    const current = r.class_id === classId;
    out.set(r.id, { row: r, joinedOn: r.from_on, leftOn: earlier(r.until_on, current ? r.left_on : null) });
  }
  return out;
}

export function pageRoster(db: SqlDatabase, page: { class_id: number; group_id: number | null }): Array<{ id: string; entry: RosterEntry }> {
  const stays = classStays(db, page.class_id);
  if (page.group_id === null) {
    return [...stays.values()].map((s) => ({ id: String(s.row.id), entry: entryOf(s.row, s.joinedOn, s.leftOn) }));
  }
  // A student's latest time in the group counts (a move back re-opens it: see group-repository).
  const members = db
    .prepare<[number], { student_id: number; from_on: string | null; until_on: string | null }>(
      "SELECT student_id, from_on, until_on FROM group_members WHERE group_id = ? ORDER BY id",
    )
    .all(page.group_id);
  const span = new Map<number, { from: string | null; until: string | null }>();
  for (const m of members) {
    const seen = span.get(m.student_id);
    // Several stays in one group: from the first start to the last end.
    span.set(m.student_id, seen ? { from: seen.from === null || m.from_on === null ? null : earlier(seen.from, m.from_on), until: m.until_on === null || seen.until === null ? null : later(seen.until, m.until_on) } : { from: m.from_on, until: m.until_on });
  }
  const out: Array<{ id: string; entry: RosterEntry }> = [];
  for (const s of stays.values()) {
    const m = span.get(s.row.id);
    if (!m) continue;
    out.push({ id: String(s.row.id), entry: entryOf(s.row, later(s.joinedOn, m.from), earlier(s.leftOn, m.until)) });
  }
  return out;
}

/** D1: the pages a student's diary is made from: the classes it was in this year, and of their group pages only its groups'. */
export function pageIdsOfStudent(db: SqlDatabase, studentId: string): string[] {
  return db
    .prepare<[string, string, string], { id: number }>(
      `SELECT p.id FROM pages p
       WHERE (p.class_id = (SELECT class_id FROM students WHERE id = ?) OR p.class_id IN (SELECT class_id FROM class_enrolments WHERE student_id = ?))
         AND (p.group_id IS NULL OR p.group_id IN (SELECT group_id FROM group_members WHERE student_id = ?))
       ORDER BY p.id`,
    )
    .all(studentId, studentId, studentId)
    .map((r) => String(r.id));
}
