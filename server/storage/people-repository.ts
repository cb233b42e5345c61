/**
 * Storage of the school's people (A1-A3): staff accounts, student and parent
 * cards, parent links and invite codes. Callers wrap several writes in
 * `transaction` so that an activation or an import is all or nothing.
 */
import type { SqlDatabase } from "./sql-database.ts";
import type { Role } from "../../shared/roles.ts";
import type { CardInput, ClassSummary, InviteKind, ParentCard, StaffAccount, StudentCard } from "../../shared/people.ts";
import { STAFF_ROLES } from "../../shared/roles.ts";

export interface NewUser {
  login: string;
  role: Role;
  surname: string;
  name: string;
  patronymic: string;
  passwordHash: string;
  mustChangePassword: boolean;
  studentId: number | null;
}

export interface InviteRow {
  id: number;
  student_id: number;
  kind: InviteKind;
  slot: number;
  expires_at: number;
  used_at: number | null;
  revoked_at: number | null;
}

export class LoginTakenError extends Error {}

const STAFF_PLACEHOLDERS = `?, ?, ?, ?, ?`;

export class PeopleRepository {
  constructor(private readonly db: SqlDatabase) {}

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  // ---- accounts ----

  staff(): StaffAccount[] {
    type Row = { id: number; login: string; role: Role; surname: string; name: string; patronymic: string; disabled: number; must_change_password: number };
    const classes = this.db.prepare<[number], { name: string }>("SELECT name FROM classes WHERE class_teacher_id = ? ORDER BY grade, name");
    return this.db
      .prepare<Role[], Row>(`SELECT id, login, role, surname, name, patronymic, disabled, must_change_password FROM users WHERE role IN (${STAFF_PLACEHOLDERS}) ORDER BY surname, name, patronymic, id`)
      .all(...STAFF_ROLES)
      .map((r) => ({
        id: String(r.id), login: r.login, role: r.role, surname: r.surname, name: r.name, patronymic: r.patronymic,
        disabled: r.disabled === 1, mustChangePassword: r.must_change_password === 1, classNames: classes.all(r.id).map((c) => c.name),
      }));
  }

  loginExists(login: string): boolean {
    return this.db.prepare<[string], { one: number }>("SELECT 1 AS one FROM users WHERE login = ?").get(login) !== undefined;
  }

  /** Throws LoginTakenError when the login is not free (checked in the same transaction as the insert). */
  createUser(u: NewUser): number {
    if (this.loginExists(u.login)) throw new LoginTakenError(u.login);
    const info = this.db
      .prepare("INSERT INTO users (login, password_hash, role, surname, name, patronymic, student_id, must_change_password) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .run(u.login, u.passwordHash, u.role, u.surname, u.name, u.patronymic, u.studentId, u.mustChangePassword ? 1 : 0);
    return Number(info.lastInsertRowid);
  }

  roleOf(userId: string): Role | null {
    return this.db.prepare<[string], { role: Role }>("SELECT role FROM users WHERE id = ?").get(userId)?.role ?? null;
  }

  loginOf(userId: string): string | null {
    return this.db.prepare<[string], { login: string }>("SELECT login FROM users WHERE id = ?").get(userId)?.login ?? null;
  }

  setPassword(userId: string, hash: string, mustChange: boolean): void {
    this.db.prepare("UPDATE users SET password_hash = ?, must_change_password = ? WHERE id = ?").run(hash, mustChange ? 1 : 0, userId);
  }

  enableUser(userId: string): boolean {
    return this.db.prepare("UPDATE users SET disabled = 0 WHERE id = ?").run(userId).changes === 1;
  }

  // ---- classes and cards ----

  classes(): ClassSummary[] {
    return this.db
      .prepare<[], { id: number; name: string; grade: number }>("SELECT c.id, c.name, c.grade FROM classes c JOIN academic_years y ON y.id = c.year_id ORDER BY y.starts_on DESC, c.grade, c.name")
      .all()
      .map((c) => ({ classId: String(c.id), name: c.name, grade: c.grade }));
  }

  className(classId: string): string | null {
    return this.db.prepare<[string], { name: string }>("SELECT name FROM classes WHERE id = ?").get(classId)?.name ?? null;
  }

  /** A class by its name (5А) in the latest academic year that has one. */
  classByName(name: string): string | null {
    const row = this.db
      .prepare<[string], { id: number }>("SELECT c.id FROM classes c JOIN academic_years y ON y.id = c.year_id WHERE c.name = ? ORDER BY y.starts_on DESC LIMIT 1")
      .get(name);
    return row ? String(row.id) : null;
  }

  classOfStudent(studentId: string): string | null {
    const row = this.db.prepare<[string], { class_id: number }>("SELECT class_id FROM students WHERE id = ?").get(studentId);
    return row ? String(row.class_id) : null;
  }

  studentCards(classId: string, now: number): StudentCard[] {
    type Row = { id: number; surname: string; name: string; patronymic: string; sex: "м" | "ж"; born_on: string; left_on: string | null };
    const parents = this.db.prepare<[number], { id: number; login: string; surname: string; name: string; patronymic: string }>(
      "SELECT u.id, u.login, u.surname, u.name, u.patronymic FROM parent_links pl JOIN users u ON u.id = pl.parent_id WHERE pl.student_id = ? ORDER BY u.surname, u.name, u.id",
    );
    const account = this.db.prepare<[number], { one: number }>("SELECT 1 AS one FROM users WHERE student_id = ? AND role = 'student'");
    const codes = this.db.prepare<[number, number], { kind: InviteKind; n: number }>(
      "SELECT kind, COUNT(*) AS n FROM invite_codes WHERE student_id = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ? GROUP BY kind",
    );
    return this.db
      .prepare<[string], Row>("SELECT id, surname, name, patronymic, sex, born_on, left_on FROM students WHERE class_id = ? ORDER BY surname, name, patronymic, id")
      .all(classId)
      .map((r) => {
        const open = { student: 0, parent: 0 };
        for (const c of codes.all(r.id, now)) open[c.kind] = c.n;
        return {
          id: String(r.id), surname: r.surname, name: r.name, patronymic: r.patronymic, sex: r.sex, bornOn: r.born_on, leftOn: r.left_on,
          hasAccount: account.get(r.id) !== undefined,
          parents: parents.all(r.id).map((p): ParentCard => ({ id: String(p.id), login: p.login, surname: p.surname, name: p.name, patronymic: p.patronymic })),
          openCodes: open,
        };
      });
  }

  /** Another current student of the class with the same name and birth date. */
  duplicateStudent(classId: string, card: CardInput, exceptId: string | null): boolean {
    return (
      this.db
        .prepare<[string, string, string, string, string, string], { one: number }>(
          "SELECT 1 AS one FROM students WHERE class_id = ? AND surname = ? AND name = ? AND patronymic = ? AND born_on = ? AND id <> ? AND left_on IS NULL",
        )
        // 0 is no id: a new card has nobody to leave out.
        .get(classId, card.surname, card.name, card.patronymic, card.bornOn, exceptId ?? "0") !== undefined
    );
  }

  addStudent(classId: string, card: CardInput): string {
    const info = this.db
      .prepare("INSERT INTO students (class_id, surname, name, patronymic, sex, born_on) VALUES (?, ?, ?, ?, ?, ?)")
      .run(classId, card.surname, card.name, card.patronymic, card.sex, card.bornOn);
    return String(info.lastInsertRowid);
  }

  /** The card and the student's own account carry the same name. */
  updateStudent(studentId: string, card: CardInput): void {
    this.db.prepare("UPDATE students SET surname = ?, name = ?, patronymic = ?, sex = ?, born_on = ? WHERE id = ?")
      .run(card.surname, card.name, card.patronymic, card.sex, card.bornOn, studentId);
    this.db.prepare("UPDATE users SET surname = ?, name = ?, patronymic = ? WHERE student_id = ? AND role = 'student'")
      .run(card.surname, card.name, card.patronymic, studentId);
  }

  studentName(studentId: string): { surname: string; name: string; patronymic: string; leftOn: string | null; classId: string } | null {
    const row = this.db
      .prepare<[string], { surname: string; name: string; patronymic: string; left_on: string | null; class_id: number }>(
        "SELECT surname, name, patronymic, left_on, class_id FROM students WHERE id = ?",
      )
      .get(studentId);
    return row ? { surname: row.surname, name: row.name, patronymic: row.patronymic, leftOn: row.left_on, classId: String(row.class_id) } : null;
  }

  /** The classes of a parent's children: whose class teachers keep that parent's card. */
  classesOfParent(parentId: string): string[] {
    return this.db
      .prepare<[string], { class_id: number }>("SELECT DISTINCT st.class_id FROM parent_links pl JOIN students st ON st.id = pl.student_id WHERE pl.parent_id = ?")
      .all(parentId)
      .map((r) => String(r.class_id));
  }

  updateParentName(parentId: string, n: { surname: string; name: string; patronymic: string }): void {
    this.db.prepare("UPDATE users SET surname = ?, name = ?, patronymic = ? WHERE id = ? AND role = 'parent'").run(n.surname, n.name, n.patronymic, parentId);
  }

  // ---- invite codes (A2) ----

  hasStudentAccount(studentId: string): boolean {
    return this.db.prepare<[string], { one: number }>("SELECT 1 AS one FROM users WHERE student_id = ? AND role = 'student'").get(studentId) !== undefined;
  }

  parentCount(studentId: string): number {
    return this.db.prepare<[string], { n: number }>("SELECT COUNT(*) AS n FROM parent_links WHERE student_id = ?").get(studentId)!.n;
  }

  isLinked(parentId: string, studentId: string): boolean {
    return this.db.prepare<[string, string], { one: number }>("SELECT 1 AS one FROM parent_links WHERE parent_id = ? AND student_id = ?").get(parentId, studentId) !== undefined;
  }

  linkParent(parentId: string, studentId: string): void {
    this.db.prepare("INSERT INTO parent_links (parent_id, student_id) VALUES (?, ?)").run(parentId, studentId);
  }

  /** A new sheet replaces the codes still out for the student. */
  revokeOpenCodes(studentId: string, at: number): void {
    this.db.prepare("UPDATE invite_codes SET revoked_at = ? WHERE student_id = ? AND used_at IS NULL AND revoked_at IS NULL").run(at, studentId);
  }

  insertCode(c: { hash: string; studentId: string; kind: InviteKind; slot: number; by: string; at: number; expiresAt: number }): void {
    this.db
      .prepare("INSERT INTO invite_codes (code_hash, student_id, kind, slot, issued_by, issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .run(c.hash, c.studentId, c.kind, c.slot, c.by, c.at, c.expiresAt);
  }

  codeByHash(hash: string): InviteRow | null {
    return this.db
      .prepare<[string], InviteRow>("SELECT id, student_id, kind, slot, expires_at, used_at, revoked_at FROM invite_codes WHERE code_hash = ?")
      .get(hash) ?? null;
  }

  /** Spends a code; false when someone spent or revoked it first. */
  spendCode(id: number, userId: string, at: number): boolean {
    return this.db.prepare("UPDATE invite_codes SET used_by = ?, used_at = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL").run(userId, at, id).changes === 1;
  }
}
