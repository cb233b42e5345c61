/**
 * M1: conversations, messages and read markers in SQLite, and the school's
 * facts the relation rule reads (who teaches which class, whose children are
 * where). The store is the record; inbox documents are projections of it.
 */
import type { SqlDatabase } from "./sql-database.ts";
import type { Role } from "../../shared/roles.ts";
import type { Party } from "../../shared/messages.ts";
import { fullName } from "./school-repository.ts";

export interface Person {
  id: string;
  role: Role;
  name: string;
  disabled: boolean;
}

export interface StoredMessage {
  id: string;
  conversationId: string;
  authorId: string;
  body: string;
  sentAt: number;
  /** The class whose parents it was sent to, for a message to all parents of a class. */
  className: string | null;
}

export interface ConversationRow {
  id: string;
  userLow: string;
  userHigh: string;
}

type MessageRow = { id: number; conversation_id: number; author_id: number; body: string; sent_at: number; class_name: string | null };

const MESSAGE_SELECT = `SELECT m.id, m.conversation_id, m.author_id, m.body, m.sent_at, c.name AS class_name
  FROM messages m LEFT JOIN class_messages cm ON cm.id = m.class_message_id LEFT JOIN classes c ON c.id = cm.class_id`;

const ROLE_TITLE: Partial<Record<Role, string>> = {
  admin: "администратор",
  director: "директор",
  deputy: "заместитель директора",
  medic: "медицинский работник",
};

const toMessage = (r: MessageRow): StoredMessage => ({
  id: String(r.id), conversationId: String(r.conversation_id), authorId: String(r.author_id), body: r.body, sentAt: r.sent_at, className: r.class_name,
});

export class MessageRepository {
  constructor(private readonly db: SqlDatabase) {}

  person(userId: string): Person | null {
    const row = this.db
      .prepare<[string], { id: number; role: Role; surname: string; name: string; patronymic: string; disabled: number }>(
        "SELECT id, role, surname, name, patronymic, disabled FROM users WHERE id = ?",
      )
      .get(userId);
    return row ? { id: String(row.id), role: row.role, name: fullName(row), disabled: row.disabled === 1 } : null;
  }

  /** The facts the relation rule needs about one user. */
  party(userId: string): Party | null {
    const user = this.db.prepare<[string], { id: number; role: Role; student_id: number | null }>("SELECT id, role, student_id FROM users WHERE id = ?").get(userId);
    if (!user) return null;
    const ids = (rows: Array<{ id: number }>) => rows.map((r) => String(r.id));
    const classTeacherOf = ids(this.db.prepare<[number], { id: number }>("SELECT id FROM classes WHERE class_teacher_id = ?").all(user.id));
    const teaches = ids(this.db.prepare<[number], { id: number }>("SELECT DISTINCT class_id AS id FROM pages WHERE teacher_id = ?").all(user.id));
    let familyClasses: string[] = [];
    if (user.role === "student" && user.student_id !== null) {
      familyClasses = ids(this.db.prepare<[number], { id: number }>("SELECT class_id AS id FROM students WHERE id = ? AND left_on IS NULL").all(user.student_id));
    } else if (user.role === "parent") {
      familyClasses = ids(
        this.db
          .prepare<[number], { id: number }>("SELECT DISTINCT st.class_id AS id FROM parent_links pl JOIN students st ON st.id = pl.student_id WHERE pl.parent_id = ? AND st.left_on IS NULL")
          .all(user.id),
      );
    }
    return { userId: String(user.id), role: user.role, classTeacherOf, teaches, familyClasses };
  }

  /** Who a person is to the people writing to it: "классный руководитель 5А; учитель: Математика (5А)", "родитель: Алексеев Артём (5А)". */
  title(userId: string): string {
    const person = this.person(userId);
    if (!person) return "";
    if (ROLE_TITLE[person.role]) return ROLE_TITLE[person.role]!;
    if (person.role === "teacher") {
      const own = this.db.prepare<[string], { name: string }>("SELECT name FROM classes WHERE class_teacher_id = ? ORDER BY grade, name").all(userId);
      const subjects = this.db
        .prepare<[string], { subject: string; class_name: string }>(
          "SELECT s.name AS subject, c.name AS class_name FROM pages p JOIN subjects s ON s.id = p.subject_id JOIN classes c ON c.id = p.class_id WHERE p.teacher_id = ? ORDER BY s.name, c.grade, c.name",
        )
        .all(userId);
      const parts: string[] = [];
      if (own.length > 0) parts.push(`классный руководитель ${own.map((c) => c.name).join(", ")}`);
      if (subjects.length > 0) parts.push(`учитель: ${subjects.map((s) => `${s.subject} (${s.class_name})`).join(", ")}`);
      return parts.join("; ") || "учитель";
    }
    type Child = { surname: string; name: string; patronymic: string; class_name: string };
    const children =
      person.role === "student"
        ? this.db.prepare<[string], Child>("SELECT st.surname, st.name, '' AS patronymic, c.name AS class_name FROM users u JOIN students st ON st.id = u.student_id JOIN classes c ON c.id = st.class_id WHERE u.id = ?").all(userId)
        : this.db
            .prepare<[string], Child>(
              "SELECT st.surname, st.name, '' AS patronymic, c.name AS class_name FROM parent_links pl JOIN students st ON st.id = pl.student_id JOIN classes c ON c.id = st.class_id WHERE pl.parent_id = ? ORDER BY st.born_on",
            )
            .all(userId);
    if (person.role === "student") return `ученик ${children[0]?.class_name ?? ""}`.trim();
    return `родитель: ${children.map((c) => `${fullName(c)} (${c.class_name})`).join(", ")}`;
  }

  conversation(id: string): ConversationRow | null {
    const row = this.db.prepare<[string], { id: number; user_low: number; user_high: number }>("SELECT id, user_low, user_high FROM conversations WHERE id = ?").get(id);
    return row ? { id: String(row.id), userLow: String(row.user_low), userHigh: String(row.user_high) } : null;
  }

  /** The conversation of two people, started if they have none. */
  conversationOf(a: string, b: string, now: number): string {
    const [low, high] = Number(a) < Number(b) ? [a, b] : [b, a];
    const found = this.db.prepare<[string, string], { id: number }>("SELECT id FROM conversations WHERE user_low = ? AND user_high = ?").get(low, high);
    if (found) return String(found.id);
    const id = String(this.db.prepare("INSERT INTO conversations (user_low, user_high, created_at) VALUES (?, ?, ?)").run(low, high, now).lastInsertRowid);
    const read = this.db.prepare("INSERT INTO conversation_reads (conversation_id, user_id, read_upto) VALUES (?, ?, 0)");
    read.run(id, low);
    read.run(id, high);
    return id;
  }

  conversationsOf(userId: string): ConversationRow[] {
    return this.db
      .prepare<[string, string], { id: number; user_low: number; user_high: number }>("SELECT id, user_low, user_high FROM conversations WHERE user_low = ? OR user_high = ? ORDER BY id")
      .all(userId, userId)
      .map((r) => ({ id: String(r.id), userLow: String(r.user_low), userHigh: String(r.user_high) }));
  }

  /** Stores a message; its author has read everything up to it. */
  addMessage(conversationId: string, authorId: string, body: string, at: number, classMessageId: string | null = null): string {
    const id = String(
      this.db.prepare("INSERT INTO messages (conversation_id, author_id, body, sent_at, class_message_id) VALUES (?, ?, ?, ?, ?)").run(conversationId, authorId, body, at, classMessageId).lastInsertRowid,
    );
    this.markRead(conversationId, authorId, id);
    return id;
  }

  addClassMessage(authorId: string, classId: string, body: string, at: number, recipients: number): string {
    return String(this.db.prepare("INSERT INTO class_messages (author_id, class_id, body, sent_at, recipients) VALUES (?, ?, ?, ?, ?)").run(authorId, classId, body, at, recipients).lastInsertRowid);
  }

  message(id: string): StoredMessage | null {
    const row = this.db.prepare<[string], MessageRow>(`${MESSAGE_SELECT} WHERE m.id = ?`).get(id);
    return row ? toMessage(row) : null;
  }

  /** Read markers only move forward. */
  markRead(conversationId: string, userId: string, upTo: string): void {
    this.db
      .prepare("UPDATE conversation_reads SET read_upto = MAX(read_upto, ?) WHERE conversation_id = ? AND user_id = ?")
      .run(Number(upTo), conversationId, userId);
  }

  unread(conversationId: string, userId: string): number {
    const row = this.db
      .prepare<[string, string, string], { n: number }>(
        "SELECT COUNT(*) AS n FROM messages m JOIN conversation_reads r ON r.conversation_id = m.conversation_id AND r.user_id = ? WHERE m.conversation_id = ? AND m.author_id != ? AND m.id > r.read_upto",
      )
      .get(userId, conversationId, userId);
    return row?.n ?? 0;
  }

  /** The latest `limit` messages, oldest first. */
  latest(conversationId: string, limit: number): StoredMessage[] {
    return this.db
      .prepare<[string, number], MessageRow>(`${MESSAGE_SELECT} WHERE m.conversation_id = ? ORDER BY m.id DESC LIMIT ?`)
      .all(conversationId, limit)
      .reverse()
      .map(toMessage);
  }

  /** Older history, for reading beyond what the inbox keeps: `limit` messages before `beforeId`, oldest first. */
  before(conversationId: string, beforeId: number, limit: number): StoredMessage[] {
    return this.db
      .prepare<[string, number, number], MessageRow>(`${MESSAGE_SELECT} WHERE m.conversation_id = ? AND m.id < ? ORDER BY m.id DESC LIMIT ?`)
      .all(conversationId, beforeId, limit)
      .reverse()
      .map(toMessage);
  }

  /** M1: the parents of a class's current students, each once, whose accounts are active. */
  classParents(classId: string): string[] {
    return this.db
      .prepare<[string], { id: number }>(
        "SELECT DISTINCT u.id FROM parent_links pl JOIN students st ON st.id = pl.student_id JOIN users u ON u.id = pl.parent_id WHERE st.class_id = ? AND st.left_on IS NULL AND u.disabled = 0 ORDER BY u.id",
      )
      .all(classId)
      .map((r) => String(r.id));
  }

  classes(): Array<{ classId: string; className: string }> {
    return this.db
      .prepare<[], { id: number; name: string }>("SELECT id, name FROM classes ORDER BY grade, name")
      .all()
      .map((r) => ({ classId: String(r.id), className: r.name }));
  }

  /** Active users by role, for the list of contacts. */
  usersWithRoles(roles: readonly Role[]): Person[] {
    const rows = this.db
      .prepare<[], { id: number; role: Role; surname: string; name: string; patronymic: string; disabled: number }>(
        "SELECT id, role, surname, name, patronymic, disabled FROM users WHERE disabled = 0 ORDER BY surname, name",
      )
      .all();
    return rows.filter((r) => roles.includes(r.role)).map((r) => ({ id: String(r.id), role: r.role, name: fullName(r), disabled: false }));
  }

  /** Active parents and students of a class's current students. */
  familiesOf(classId: string): Person[] {
    type Row = { id: number; role: Role; surname: string; name: string; patronymic: string };
    return this.db
      .prepare<[string, string], Row>(
        `SELECT u.id, u.role, u.surname, u.name, u.patronymic FROM users u JOIN students st ON st.id = u.student_id
           WHERE st.class_id = ? AND st.left_on IS NULL AND u.disabled = 0 AND u.role = 'student'
         UNION
         SELECT u.id, u.role, u.surname, u.name, u.patronymic FROM users u JOIN parent_links pl ON pl.parent_id = u.id JOIN students st ON st.id = pl.student_id
           WHERE st.class_id = ? AND st.left_on IS NULL AND u.disabled = 0
         ORDER BY 3, 4`,
      )
      .all(classId, classId)
      .map((r) => ({ id: String(r.id), role: r.role, name: fullName(r), disabled: false }));
  }
}
