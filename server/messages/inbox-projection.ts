/**
 * M1: each user's inbox document is a projection of the message store, the
 * way a diary is one of the journal: only that user's conversations, with
 * that user's unread counts, written only by the server.
 */
import type * as Y from "yjs";
import { ORIGIN } from "../../shared/origins.ts";
import {
  INBOX_MESSAGES_PER_CONVERSATION, inboxConversationsMap, inboxMessageKey, inboxMessagesMap, previewOf,
  type ConversationSummary, type InboxMessage,
} from "../../shared/messages.ts";
import type { ConversationRow, MessageRepository, StoredMessage } from "../storage/message-repository.ts";

export function otherOf(conversation: ConversationRow, userId: string): string {
  return conversation.userLow === userId ? conversation.userHigh : conversation.userLow;
}

export function inboxMessageOf(m: StoredMessage, authorName: string): InboxMessage {
  return { id: m.id, conversationId: m.conversationId, authorId: m.authorId, authorName, text: m.body, at: m.sentAt, toClassParents: m.className };
}

/** The list entry of one conversation as `viewerId` sees it. */
export function summaryFor(repo: MessageRepository, conversation: ConversationRow, viewerId: string): ConversationSummary | null {
  const last = repo.latest(conversation.id, 1)[0];
  if (!last) return null;
  const other = otherOf(conversation, viewerId);
  return {
    id: conversation.id,
    withId: other,
    withName: repo.person(other)?.name ?? "",
    withTitle: repo.title(other),
    lastMessageId: last.id,
    lastAt: last.sentAt,
    preview: previewOf(last.body),
    unread: repo.unread(conversation.id, viewerId),
  };
}

/** Writes a conversation's entry and its new messages; keeps only the latest messages of each conversation. */
export function writeConversation(doc: Y.Doc, summary: ConversationSummary, messages: InboxMessage[]): void {
  doc.transact(() => {
    const list = inboxConversationsMap(doc);
    if (JSON.stringify(list.get(summary.id)) !== JSON.stringify(summary)) list.set(summary.id, summary);
    const out = inboxMessagesMap(doc);
    // A message never changes once sent, so one already there is left alone (building again is idempotent).
    for (const m of messages) if (!out.has(inboxMessageKey(m.conversationId, m.id))) out.set(inboxMessageKey(m.conversationId, m.id), m);
    const kept: number[] = [];
    out.forEach((m) => {
      if (m.conversationId === summary.id) kept.push(Number(m.id));
    });
    if (kept.length > INBOX_MESSAGES_PER_CONVERSATION) {
      kept.sort((a, b) => a - b);
      for (const id of kept.slice(0, kept.length - INBOX_MESSAGES_PER_CONVERSATION)) out.delete(inboxMessageKey(summary.id, String(id)));
    }
  }, ORIGIN.server);
}

/** A new inbox: every conversation of the user with its latest messages. */
export function buildInbox(doc: Y.Doc, userId: string, repo: MessageRepository): void {
  const names = new Map<string, string>();
  const nameOf = (id: string) => {
    if (!names.has(id)) names.set(id, repo.person(id)?.name ?? "");
    return names.get(id)!;
  };
  doc.transact(() => {
    for (const conversation of repo.conversationsOf(userId)) {
      const summary = summaryFor(repo, conversation, userId);
      if (!summary) continue;
      const messages = repo.latest(conversation.id, INBOX_MESSAGES_PER_CONVERSATION).map((m) => inboxMessageOf(m, nameOf(m.authorId)));
      writeConversation(doc, summary, messages);
    }
  }, ORIGIN.server);
}
