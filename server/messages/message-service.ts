/**
 * M1: sending, reading and listing messages. Every message is checked against
 * the relation rule (shared/messages.ts) at the moment it is sent, stored in
 * SQLite together with the inbox projections of both participants in one
 * transaction, then delivered live to their open inboxes.
 */
import { inboxDocName } from "../../shared/doc-names.ts";
import type { Actor } from "../../shared/roles.ts";
import type { ErrorCode } from "../../shared/errors.ts";
import {
  BROADCAST_COST, MESSAGE_BURST, MESSAGES_PER_MINUTE, isAdministration, mayMessageClassParents, messageRelation, normalizeMessageText,
  type Contact, type ContactList, type InboxMessage, type Party, type SentMessage,
} from "../../shared/messages.ts";
import { STAFF_ROLES } from "../../shared/roles.ts";
import type { MessageRepository } from "../storage/message-repository.ts";
import type { DocumentRegistry } from "../documents/document-registry.ts";
import type { LiveInbox } from "../documents/live-document.ts";
import type { Clock } from "../clock.ts";
import { inboxMessageOf, otherOf, summaryFor, writeConversation } from "./inbox-projection.ts";

/** A refused request, with the stable code the client turns into words. */
export class MessageRefused extends Error {
  constructor(readonly code: ErrorCode) {
    super(code);
  }
}

export interface MessageServiceDeps {
  repo: MessageRepository;
  registry: DocumentRegistry;
  now: Clock;
}

const HISTORY_PAGE = 50;

/** Per user, not per connection: a sender cannot get round the limit by opening more tabs. */
function createSenderLimits(now: () => number) {
  const buckets = new Map<string, { tokens: number; last: number }>();
  const perMs = MESSAGES_PER_MINUTE / 60_000;
  return {
    take(userId: string, cost: number): boolean {
      const t = now();
      const b = buckets.get(userId) ?? { tokens: MESSAGE_BURST, last: t };
      b.tokens = Math.min(MESSAGE_BURST, b.tokens + (t - b.last) * perMs);
      b.last = t;
      buckets.set(userId, b);
      if (b.tokens < cost) return false;
      b.tokens -= cost;
      return true;
    },
  };
}

export function createMessageService(deps: MessageServiceDeps) {
  const { repo, registry } = deps;
  // Real time, not the school's clock: the limit is about how fast a person types.
  const limits = createSenderLimits(Date.now);

  function partyOf(userId: string): Party {
    const party = repo.party(userId);
    if (!party) throw new MessageRefused("not-found");
    return party;
  }

  /** A conversation the actor takes part in; anyone else learns nothing of it, not even that it exists. */
  function ownConversation(actor: Actor, conversationId: unknown) {
    if (typeof conversationId !== "string" || !/^\d{1,12}$/.test(conversationId)) throw new MessageRefused("not-found");
    const conversation = repo.conversation(conversationId);
    if (!conversation || (conversation.userLow !== actor.userId && conversation.userHigh !== actor.userId)) throw new MessageRefused("not-found");
    return conversation;
  }

  function checkRelation(from: string, to: string): void {
    const person = repo.person(to);
    if (!person || person.disabled) throw new MessageRefused("recipient-not-allowed");
    const verdict = messageRelation(partyOf(from), partyOf(to));
    if (!verdict.ok) throw new MessageRefused(verdict.code);
  }

  /**
   * Stores messages (by `write`, inside the transaction) and rewrites the
   * affected conversations in the inboxes of their participants; then sends
   * each inbox's change to its open sockets.
   */
  function storeAndDeliver<T>(participants: string[], write: () => { result: T; conversations: string[]; messages: string[] }): T {
    const inboxes = new Map<string, LiveInbox>();
    // Loaded before the write, so a new inbox is built from the store as it was and then gets the new messages like any other.
    const elsewhere: string[] = [];
    for (const userId of new Set(participants)) {
      // In a cluster only the node that owns an inbox writes it; it is told to catch up once the messages are stored.
      if (!registry.owns(inboxDocName(userId))) {
        elsewhere.push(userId);
        continue;
      }
      const inbox = registry.inbox(userId);
      if (inbox) inboxes.set(userId, inbox);
    }
    const produced: Array<{ inbox: LiveInbox; update: Uint8Array }> = [];
    let result: T;
    try {
      // After any queued edits (group commit), in its own transaction.
      result = registry.commits.now(() => {
        const written = write();
        const names = new Map<string, string>();
        const nameOf = (id: string) => names.get(id) ?? names.set(id, repo.person(id)?.name ?? "").get(id)!;
        const byConversation = new Map<string, InboxMessage[]>();
        for (const id of written.messages) {
          const m = repo.message(id);
          if (m) byConversation.set(m.conversationId, [...(byConversation.get(m.conversationId) ?? []), inboxMessageOf(m, nameOf(m.authorId))]);
        }
        for (const conversationId of written.conversations) {
          const conversation = repo.conversation(conversationId)!;
          for (const userId of [conversation.userLow, conversation.userHigh]) {
            const inbox = inboxes.get(userId);
            const summary = summaryFor(repo, conversation, userId);
            if (!inbox || !summary) continue;
            const update = registry.writeAsServer(inbox, () => writeConversation(inbox.doc, summary, byConversation.get(conversationId) ?? []));
            if (update) produced.push({ inbox, update });
          }
        }
        return written.result;
      });
    } catch (err) {
      // Nothing was stored: drop the replicas we wrote into, so nobody is ever served an unstored message.
      for (const inbox of inboxes.values()) registry.evict(inbox);
      throw err;
    }
    for (const { inbox, update } of produced) for (const peer of inbox.peers) peer.sendUpdate(update);
    for (const userId of elsewhere) registry.refreshInbox(userId);
    return result;
  }

  function send(actor: Actor, body: unknown): SentMessage {
    const b = (body ?? {}) as Record<string, unknown>;
    const text = normalizeMessageText(b.text);
    if (!text.ok) throw new MessageRefused(text.code);
    let to: string;
    let existing: string | null = null;
    if (typeof b.conversationId === "string") {
      const conversation = ownConversation(actor, b.conversationId);
      existing = conversation.id;
      to = otherOf(conversation, actor.userId);
    } else if (typeof b.to === "string" && /^\d{1,12}$/.test(b.to)) to = b.to;
    else throw new MessageRefused("bad-request");
    // Checked on every message, not only the first: a relation that ended (a child changed class) ends the conversation too.
    checkRelation(actor.userId, to);
    if (!limits.take(actor.userId, 1)) throw new MessageRefused("rate-limited");
    const at = deps.now();
    return storeAndDeliver([actor.userId, to], () => {
      const conversationId = existing ?? repo.conversationOf(actor.userId, to, at);
      const messageId = repo.addMessage(conversationId, actor.userId, text.text, at);
      return { result: { conversationId, messageId }, conversations: [conversationId], messages: [messageId] };
    });
  }

  /** M1: one message to every parent of a class, each in its own conversation with the sender. */
  function messageClassParents(actor: Actor, body: unknown): { recipients: number } {
    const b = (body ?? {}) as Record<string, unknown>;
    const text = normalizeMessageText(b.text);
    if (!text.ok) throw new MessageRefused(text.code);
    const classId = typeof b.classId === "string" ? b.classId : "";
    if (!repo.classes().some((c) => c.classId === classId)) throw new MessageRefused("not-found");
    const verdict = mayMessageClassParents(partyOf(actor.userId), classId);
    if (!verdict.ok) throw new MessageRefused(verdict.code);
    const parents = repo.classParents(classId).filter((id) => id !== actor.userId);
    if (!limits.take(actor.userId, BROADCAST_COST)) throw new MessageRefused("rate-limited");
    const at = deps.now();
    return storeAndDeliver([actor.userId, ...parents], () => {
      const classMessageId = repo.addClassMessage(actor.userId, classId, text.text, at, parents.length);
      const conversations: string[] = [];
      const messages: string[] = [];
      for (const parent of parents) {
        const conversationId = repo.conversationOf(actor.userId, parent, at);
        conversations.push(conversationId);
        messages.push(repo.addMessage(conversationId, actor.userId, text.text, at, classMessageId));
      }
      return { result: { recipients: parents.length }, conversations, messages };
    });
  }

  function markRead(actor: Actor, conversationId: string, body: unknown): void {
    const conversation = ownConversation(actor, conversationId);
    const upTo = (body as Record<string, unknown> | null)?.upTo;
    if (typeof upTo !== "string" || !/^\d{1,12}$/.test(upTo)) throw new MessageRefused("bad-request");
    storeAndDeliver([actor.userId], () => {
      repo.markRead(conversation.id, actor.userId, upTo);
      return { result: undefined, conversations: [conversation.id], messages: [] };
    });
  }

  /** Older messages than the inbox keeps, for the participants only. */
  function history(actor: Actor, conversationId: string, before: number): InboxMessage[] {
    const conversation = ownConversation(actor, conversationId);
    const names = new Map<string, string>();
    return repo.before(conversation.id, before, HISTORY_PAGE).map((m) => {
      if (!names.has(m.authorId)) names.set(m.authorId, repo.person(m.authorId)?.name ?? "");
      return inboxMessageOf(m, names.get(m.authorId)!);
    });
  }

  /** Everyone the actor may write to (by the same rule the server enforces), and the classes it may write to all parents of. */
  function contacts(actor: Actor): ContactList {
    const me = partyOf(actor.userId);
    const out = new Map<string, Contact>();
    const add = (userId: string, name: string, group: string) => {
      if (userId === actor.userId || out.has(userId)) return;
      const other = repo.party(userId);
      if (!other || !messageRelation(me, other).ok) return;
      out.set(userId, { userId, name, title: repo.title(userId), group });
    };
    const classes = repo.classes();
    for (const staff of repo.usersWithRoles(STAFF_ROLES)) add(staff.id, staff.name, isAdministration(staff.role) ? "Администрация" : "Учителя");
    const reachable = isAdministration(me.role) ? classes.map((c) => c.classId) : me.role === "teacher" ? [...new Set([...me.classTeacherOf, ...me.teaches])] : [];
    for (const c of classes) if (reachable.includes(c.classId)) for (const family of repo.familiesOf(c.classId)) add(family.id, family.name, c.className);
    const broadcast = classes
      .filter((c) => mayMessageClassParents(me, c.classId).ok)
      .map((c) => ({ ...c, families: repo.classParents(c.classId).length }));
    return { contacts: [...out.values()], classes: broadcast };
  }

  return { send, messageClassParents, markRead, history, contacts };
}

export type MessageService = ReturnType<typeof createMessageService>;
