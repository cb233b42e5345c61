/**
 * Every Yjs transaction carries one of these origins, so observers, undo
 * managers and the sync layer can tell who changed what.
 */
export const ORIGIN = {
  /** A person's edit in this replica. */
  local: "local",
  /** An update received from the network. */
  remote: "remote",
  /** Loaded from IndexedDB or the server's store. */
  persistence: "persistence",
  /** Written by the server: roster, lessons, compensations, diary projections. */
  server: "server",
} as const;

export type OriginName = (typeof ORIGIN)[keyof typeof ORIGIN];
