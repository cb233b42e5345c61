/**
 * M1: the signed-in user's conversations. The inbox document comes from
 * IndexedDB first (readable with no network) and then live from the server;
 * sending and reading go over HTTP, and the server writes the result back
 * into the inbox, so every device of the user agrees.
 */
import { createStore, reconcile } from "solid-js/store";
import { onCleanup } from "solid-js";
import type * as Y from "yjs";
import { inboxDocName } from "../../shared/doc-names.ts";
import { inboxConversationsMap, inboxMessagesMap, type ContactList, type ConversationSummary, type InboxMessage } from "../../shared/messages.ts";
import { openDocument, type ConnectionStatus } from "../sync/open-document.ts";
import { ApiError } from "../sync/api.ts";
import { loadContacts, loadOlderMessages, markConversationRead, messageClassParents, sendMessage } from "../sync/messages-api.ts";
import { observeAll } from "./observe-all.ts";
import { followProjection } from "./follow-projection.ts";

export interface InboxState {
  conversations: Record<string, ConversationSummary>;
  messages: Record<string, InboxMessage>;
  /** Older messages fetched on request, by conversation. */
  older: Record<string, InboxMessage[]>;
  connection: ConnectionStatus;
  syncedAt: number | null;
  contacts: ContactList | null;
  /** The last refusal, as an error code ("needs-network" when there was no connection). */
  error: string | null;
  sending: boolean;
}

/** What failed: the server's code, or no connection at all. */
function codeOf(err: unknown): string {
  return err instanceof ApiError ? err.code : "needs-network";
}

export function bindInbox(doc: Y.Doc) {
  const [state, setState] = createStore<InboxState>({
    conversations: {}, messages: {}, older: {}, connection: "connecting", syncedAt: null, contacts: null, error: null, sending: false,
  });
  const read = () => {
    setState("conversations", reconcile(inboxConversationsMap(doc).toJSON() as Record<string, ConversationSummary>));
    setState("messages", reconcile(inboxMessagesMap(doc).toJSON() as Record<string, InboxMessage>));
  };
  const stopObserving = observeAll([[inboxConversationsMap(doc), read], [inboxMessagesMap(doc), read]]);
  read();

  /** Runs a request that changes something; says why it failed. */
  async function attempt<T>(fn: () => Promise<T>): Promise<T | null> {
    setState({ sending: true, error: null });
    try {
      return await fn();
    } catch (err) {
      setState("error", codeOf(err));
      return null;
    } finally {
      setState("sending", false);
    }
  }

  const actions = {
    connection(status: ConnectionStatus, synced: boolean, syncedAt: number | null) {
      setState({ connection: status, syncedAt: synced ? Date.now() : syncedAt });
    },
    refused(code: string) {
      setState("error", code);
    },
    async loadContacts(): Promise<void> {
      try {
        setState("contacts", await loadContacts());
      } catch (err) {
        setState("error", codeOf(err));
      }
    },
    /** A new message to a person; resolves to its conversation, or null when refused. */
    async write(to: string, text: string): Promise<string | null> {
      return (await attempt(() => sendMessage({ to, text })))?.conversationId ?? null;
    },
    async reply(conversationId: string, text: string): Promise<boolean> {
      return (await attempt(() => sendMessage({ conversationId, text }))) !== null;
    },
    async writeToClassParents(classId: string, text: string): Promise<number | null> {
      return (await attempt(() => messageClassParents({ classId, text })))?.recipients ?? null;
    },
    /** The user has seen the conversation up to its latest message; without a network, it is tried again later. */
    async markRead(conversationId: string): Promise<void> {
      const c = state.conversations[conversationId];
      if (!c || c.unread === 0) return;
      await markConversationRead(conversationId, c.lastMessageId).catch(() => undefined);
    },
    async loadOlder(conversationId: string, before: string): Promise<number> {
      try {
        const older = await loadOlderMessages(conversationId, before);
        setState("older", conversationId, (prev) => [...older, ...(prev ?? [])]);
        return older.length;
      } catch (err) {
        setState("error", codeOf(err));
        return 0;
      }
    },
    clearError() {
      setState("error", null);
    },
    dispose: stopObserving,
  };
  return [state, actions] as const;
}

export type InboxStore = ReturnType<typeof bindInbox>;

export function createInboxStore(userId: string, onSessionEnded: () => void): InboxStore {
  const name = inboxDocName(userId);
  const opened = openDocument(name);
  const [state, actions] = bindInbox(opened.doc);
  followProjection(opened, name, actions, onSessionEnded);
  onCleanup(() => {
    actions.dispose();
    opened.close();
  });
  return [state, actions] as const;
}

/** The conversations, latest first. */
export function sortedConversations(state: InboxState): ConversationSummary[] {
  return Object.values(state.conversations).filter(Boolean).sort((a, b) => b.lastAt - a.lastAt || Number(b.lastMessageId) - Number(a.lastMessageId));
}

/** One conversation's messages, oldest first: what was fetched on request, then what the inbox keeps. */
export function threadOf(state: InboxState, conversationId: string): InboxMessage[] {
  const kept = Object.values(state.messages).filter((m) => m && m.conversationId === conversationId);
  const ids = new Set(kept.map((m) => m.id));
  const older = (state.older[conversationId] ?? []).filter((m) => !ids.has(m.id));
  return [...older, ...kept].sort((a, b) => Number(a.id) - Number(b.id));
}

export function unreadTotal(state: InboxState): number {
  return Object.values(state.conversations).reduce((n, c) => n + (c?.unread ?? 0), 0);
}
