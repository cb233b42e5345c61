import type * as Y from "yjs";
import type { Awareness } from "y-protocols/awareness";
import type { DocRef } from "../../shared/doc-names.ts";
import type { JournalChange, PageState } from "../../shared/permissions.ts";
import type { UpdateGuard } from "../validation/update-guard.ts";
import type { DiaryChange } from "../validation/diary-policy.ts";

/** Something that receives a document's broadcasts: a sync connection. */
export interface DocumentPeer {
  sendUpdate(update: Uint8Array): void;
  sendAwareness(update: Uint8Array): void;
  close(code: number, reason: string): void;
}

interface LiveBase {
  name: string;
  doc: Y.Doc;
  awareness: Awareness;
  peers: Set<DocumentPeer>;
  lastSeq: number;
  updatesSinceSnapshot: number;
  idleSince: number;
  /** The whole document encoded, while nothing changed since: what a new client's sync reply carries. */
  fullState: Uint8Array | null;
}

export interface LiveJournal extends LiveBase {
  ref: Extract<DocRef, { kind: "journal" }>;
  guard: UpdateGuard<JournalChange>;
  /** The page as the school's records have it: the rules read this, never the document. */
  state: PageState;
}

export interface LiveDiary extends LiveBase {
  ref: Extract<DocRef, { kind: "diary" }>;
  guard: UpdateGuard<DiaryChange>;
  /** D5: the day the student left the school, from the school's records when the diary was loaded. */
  leftOn: string | null;
}

/** M1: one user's conversations, projected by the server from the message store; clients never write it. */
export interface LiveInbox extends LiveBase {
  ref: Extract<DocRef, { kind: "inbox" }>;
  guard: UpdateGuard<DiaryChange>;
}

export type LiveDocument = LiveJournal | LiveDiary | LiveInbox;
