/**
 * M1, A3: names and titles copied into inbox documents follow the cards. When
 * a student's or parent's card is edited (or a student moves class, which
 * changes a parent's title), every inbox holding that person's name is
 * rewritten where it differs: the conversation's `withName`/`withTitle` in
 * the other participant's inbox and `authorName` of the person's messages in
 * both. Written like any projection: stored, then sent to open sockets.
 */
import type { DocumentRegistry } from "../documents/document-registry.ts";
import type { MessageRepository } from "../storage/message-repository.ts";
import { inboxConversationsMap, inboxMessagesMap, type InboxMessage } from "../../shared/messages.ts";
import { ORIGIN } from "../../shared/origins.ts";
import { inboxDocName } from "../../shared/doc-names.ts";
import { otherOf, summaryFor } from "./inbox-projection.ts";

export function createInboxNames(registry: DocumentRegistry, repo: MessageRepository) {
  /** Rewrites the person's name and title in every inbox that shows them. */
  function personChanged(userId: string): void {
    const person = repo.person(userId);
    if (!person) return;
    const conversations = repo.conversationsOf(userId);
    const byInbox = new Map<string, string[]>();
    for (const c of conversations) {
      for (const viewer of [userId, otherOf(c, userId)]) byInbox.set(viewer, [...(byInbox.get(viewer) ?? []), c.id]);
    }
    const produced: Array<{ peers: Set<{ sendUpdate(u: Uint8Array): void }>; update: Uint8Array }> = [];
    // Loaded (or built from the store) before the write, as message-service does.
    // In a cluster only the node serving an inbox writes it; the others are asked to catch up once this is stored.
    const elsewhere = [...byInbox.keys()].filter((viewer) => !registry.owns(inboxDocName(viewer)));
    const inboxes = [...byInbox].filter(([viewer]) => !elsewhere.includes(viewer)).map(([viewer, ids]) => ({ viewer, ids, inbox: registry.inbox(viewer) }));
    registry.commits.now(() => {
      for (const { viewer, ids, inbox } of inboxes) {
        if (!inbox) continue;
        const update = registry.writeAsServer(inbox, () => {
          inbox.doc.transact(() => {
            const list = inboxConversationsMap(inbox.doc);
            for (const c of conversations.filter((c) => ids.includes(c.id))) {
              if (viewer === userId) continue;
              const summary = summaryFor(repo, c, viewer);
              const old = list.get(c.id);
              if (summary && old && (old.withName !== summary.withName || old.withTitle !== summary.withTitle)) list.set(c.id, { ...old, withName: summary.withName, withTitle: summary.withTitle });
            }
            const messages = inboxMessagesMap(inbox.doc);
            const renamed: Array<[string, InboxMessage]> = [];
            messages.forEach((m, key) => {
              if (m.authorId === userId && m.authorName !== person.name) renamed.push([key, { ...m, authorName: person.name }]);
            });
            for (const [key, m] of renamed) messages.set(key, m);
          }, ORIGIN.server);
        });
        if (update) produced.push({ peers: inbox.peers, update });
      }
    });
    for (const { peers, update } of produced) for (const peer of peers) peer.sendUpdate(update);
    for (const viewer of elsewhere) registry.refreshInbox(viewer);
  }

  return { personChanged };
}

export type InboxNames = ReturnType<typeof createInboxNames>;
