/**
 * Names of the Yjs documents. A name is also the sync room: a provider opens
 * `ws://HOST/sync/<name>`.
 *   journal/<pageId>    one class-subject page for a year (staff only)
 *   diary/<studentId>   one student's diary, projected by the server (read-only)
 *   inbox/<userId>      one user's conversations (M1), projected by the server (read-only, own only)
 */
export type DocRef = { kind: "journal"; pageId: string } | { kind: "diary"; studentId: string } | { kind: "inbox"; userId: string };

/** Ids are the store's integer keys: anything else names no document (and never reaches a query). */
const ID = /^[1-9][0-9]{0,14}$/;

export function journalDocName(pageId: string): string {
  return `journal/${pageId}`;
}

export function diaryDocName(studentId: string): string {
  return `diary/${studentId}`;
}

export function inboxDocName(userId: string): string {
  return `inbox/${userId}`;
}

export function docName(ref: DocRef): string {
  if (ref.kind === "inbox") return inboxDocName(ref.userId);
  return ref.kind === "journal" ? journalDocName(ref.pageId) : diaryDocName(ref.studentId);
}

/** Parses a document name; null for anything that is not exactly one of the forms above. */
export function parseDocName(name: string): DocRef | null {
  const [kind, id, ...rest] = name.split("/");
  if (rest.length > 0 || id === undefined || !ID.test(id)) return null;
  if (kind === "journal") return { kind, pageId: id };
  if (kind === "diary") return { kind, studentId: id };
  if (kind === "inbox") return { kind, userId: id };
  return null;
}
