import { CLOSE_CODES } from "../../shared/close-codes.ts";
import type { ConnectionStatus, OpenDocument } from "../sync/open-document.ts";

/**
 * For a document the server makes (a diary, an inbox): remembers on this
 * device when it last had the server's copy, so an offline reader is told how
 * old it is, and turns a refused session into the app's sign-in.
 */
export function followProjection(
  opened: OpenDocument, docName: string,
  actions: { connection(status: ConnectionStatus, synced: boolean, syncedAt: number | null): void; refused(code: string): void },
  onSessionEnded: () => void,
): void {
  const key = `zhurnal:synced:${docName}`;
  const stored = Number(localStorage.getItem(key)) || null;
  opened.onStatus((status, synced) => {
    if (synced) localStorage.setItem(key, String(Date.now()));
    actions.connection(status, synced, stored);
  });
  opened.onRefused((code, reason) => (code === CLOSE_CODES.unauthenticated ? onSessionEnded() : actions.refused(reason)));
}
