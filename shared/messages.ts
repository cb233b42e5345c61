/**
 * M1: messages between families (parents, students) and the school's staff.
 * The relation rule is written once here: the server enforces it on every
 * message, the client only uses it to explain. Pure: no I/O.
 *
 * A conversation has exactly two people. A teacher's message to all parents
 * of a class goes into each family's own conversation with that teacher, so a
 * parent's reply reaches only the teacher and no parent ever learns who else
 * is in the class or what they answered (A3).
 *
 * Each user's conversations reach the client as a per-user document
 * `inbox/<userId>` that only the server writes (see docs/protocol.md):
 *   conversations  Y.Map  conversationId -> ConversationSummary (with this user's unread count)
 *   messages       Y.Map  inboxMessageKey(conversationId, messageId) -> InboxMessage (the latest ones)
 */
import type * as Y from "yjs";
import type { Actor, Role } from "./roles.ts";
import { isStaff } from "./roles.ts";
import type { AccessDecision } from "./permissions.ts";
import type { ErrorCode } from "./errors.ts";

/** Longest message, in characters: a long letter fits, a pasted document does not. */
export const MAX_MESSAGE_CHARS = 4000;
/** How many of a conversation's latest messages its participants' inbox documents keep; older ones are read over HTTP. */
export const INBOX_MESSAGES_PER_CONVERSATION = 100;
/** Per user: a burst of messages, then one every few seconds (HTTP 429 `rate-limited` beyond). */
export const MESSAGE_BURST = 20;
export const MESSAGES_PER_MINUTE = 20;
/** A message to all parents of a class costs this many tokens of the sender's bucket. */
export const BROADCAST_COST = 5;

const ADMINISTRATION: ReadonlySet<Role> = new Set(["admin", "director", "deputy"]);

export function isAdministration(role: Role): boolean {
  return ADMINISTRATION.has(role);
}

/** Who someone is, as far as the relation rule needs to know (from the school's records on the server). */
export interface Party {
  userId: string;
  role: Role;
  /** Staff: classes it is the class teacher of (R4). */
  classTeacherOf: readonly string[];
  /** Staff: classes with a page it teaches (R5). */
  teaches: readonly string[];
  /** Family: the classes of its children who have not left the school (a student: its own class). */
  familyClasses: readonly string[];
}

const isFamily = (p: Party) => p.role === "parent" || p.role === "student";

function teacherOfFamily(staff: Party, family: Party): boolean {
  if (isAdministration(staff.role)) return true;
  if (staff.role !== "teacher") return false;
  return family.familyClasses.some((c) => staff.classTeacherOf.includes(c) || staff.teaches.includes(c));
}

/**
 * M1, R8, R9: who may write to whom. Staff write to each other. A parent or a
 * student writes to the administration, and to a teacher only while it is the
 * class teacher or a subject teacher of one of its (current) children; the
 * same holds the other way round. Families never write to each other, and
 * nobody writes to the medical worker through here.
 */
export function messageRelation(from: Party, to: Party): AccessDecision {
  const ok: AccessDecision = { ok: true, access: "write" };
  const no: AccessDecision = { ok: false, code: "recipient-not-allowed" };
  if (from.userId === to.userId) return no;
  if (isStaff(from.role) && isStaff(to.role)) return ok;
  if (isFamily(from) && isFamily(to)) return no;
  const staff = isStaff(from.role) ? from : to;
  const family = isStaff(from.role) ? to : from;
  return teacherOfFamily(staff, family) ? ok : no;
}

/** M1: a message to all parents of a class: the administration, its class teacher and the teachers of its subjects. */
export function mayMessageClassParents(actor: Party, classId: string): AccessDecision {
  if (isAdministration(actor.role)) return { ok: true, access: "write" };
  if (actor.role === "teacher" && (actor.classTeacherOf.includes(classId) || actor.teaches.includes(classId))) return { ok: true, access: "write" };
  return { ok: false, code: "recipient-not-allowed" };
}

/** An inbox is private: only its owner opens it, not even the administration. */
export function inboxAccess(actor: Actor, ownerId: string): AccessDecision {
  return actor.userId === ownerId ? { ok: true, access: "read" } : { ok: false, code: "forbidden" };
}

export type TextVerdict = { ok: true; text: string } | { ok: false; code: ErrorCode };

/**
 * A message's text as stored: line breaks made uniform, control characters
 * other than line breaks and tabs dropped, surrounding blank space trimmed.
 * It is always shown as text, never as markup.
 */
export function normalizeMessageText(raw: unknown): TextVerdict {
  if (typeof raw !== "string") return { ok: false, code: "bad-request" };
  // eslint-disable-next-line no-control-regex
  const text = raw.replace(/\r\n?/g, "\n").replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "").trim();
  if (text.length === 0) return { ok: false, code: "message-empty" };
  if ([...text].length > MAX_MESSAGE_CHARS) return { ok: false, code: "text-too-long" };
  return { ok: true, text };
}

/** One conversation as one participant sees it in the list. */
export interface ConversationSummary {
  id: string;
  /** The other participant. */
  withId: string;
  withName: string;
  /** Who the other participant is to a family: "классный руководитель 5А", "учитель: Математика (5А)", "родитель: …". */
  withTitle: string;
  lastMessageId: string;
  lastAt: number;
  /** The latest message, shortened, for the list. */
  preview: string;
  /** Messages of the other participant this one has not read yet. */
  unread: number;
}

export interface InboxMessage {
  id: string;
  conversationId: string;
  authorId: string;
  authorName: string;
  text: string;
  /** The server's clock when it was accepted. */
  at: number;
  /** Set when it was sent to all parents of a class: the class's name. */
  toClassParents: string | null;
}

export const PREVIEW_CHARS = 120;

export function previewOf(text: string): string {
  const line = text.replace(/\s+/g, " ");
  return line.length > PREVIEW_CHARS ? `${line.slice(0, PREVIEW_CHARS - 1)}…` : line;
}

export function inboxMessageKey(conversationId: string, messageId: string): string {
  return `${conversationId}:${messageId}`;
}

export function inboxConversationsMap(doc: Y.Doc): Y.Map<ConversationSummary> {
  return doc.getMap("conversations");
}

export function inboxMessagesMap(doc: Y.Doc): Y.Map<InboxMessage> {
  return doc.getMap("messages");
}

/** The messages of one conversation in an inbox, oldest first. */
export function conversationMessages(doc: Y.Doc, conversationId: string): InboxMessage[] {
  const out: InboxMessage[] = [];
  inboxMessagesMap(doc).forEach((m) => {
    if (m.conversationId === conversationId) out.push(m);
  });
  return out.sort((a, b) => Number(a.id) - Number(b.id));
}

export function totalUnread(conversations: Iterable<ConversationSummary>): number {
  let n = 0;
  for (const c of conversations) n += c.unread;
  return n;
}

/** A person one may write to, as the server lists them. */
export interface Contact {
  userId: string;
  name: string;
  title: string;
  /** For grouping the list: "Администрация", "Учителя", "5А"… */
  group: string;
}

/** GET /api/messages/contacts */
export interface ContactList {
  contacts: Contact[];
  /** Classes whose parents this user may write to all at once. */
  classes: Array<{ classId: string; className: string; families: number }>;
}

/** POST /api/messages: a new message to a person (its conversation is found or started) or into a conversation. */
export type SendMessageRequest = { to: string; text: string } | { conversationId: string; text: string };

export interface SentMessage {
  conversationId: string;
  messageId: string;
}

/** POST /api/messages/class-parents */
export interface ClassParentsRequest {
  classId: string;
  text: string;
}
