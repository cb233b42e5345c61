/**
 * Writing known entries into the demo school's pages the way teachers do:
 * a signed-in client opens the page, writes in one transaction, and the
 * helper waits until a second, fresh client sees the server's stored copy.
 */
import type * as Y from "yjs";
import { cellsMap, periodMarksMap, readLessons, readMeta, readRoster, type LessonInfo, type Period, type RosterRow } from "../../shared/journal-schema.ts";
import { ORIGIN } from "../../shared/origins.ts";
import { me, openDoc, signIn, until } from "./clients.ts";
import type { ServerProcess } from "./server-process.ts";

export interface PageContext {
  doc: Y.Doc;
  userId: string;
  roster: RosterRow[];
  lessons: LessonInfo[];
  periods: Period[];
  pageId: string;
  now: number;
}

const footprint = (doc: Y.Doc) => {
  let lessons = "";
  readLessons(doc).forEach((l) => (lessons += `${l.id}:${l.topic}|${l.homework};`));
  return `${cellsMap(doc).size}/${periodMarksMap(doc).size}/${lessons}`;
};

/** Opens `className — subjectName` as `login`, runs `write` in one transaction, and waits until the server stored it. */
export async function writePage(server: ServerProcess, login: string, className: string, subjectName: string, write: (ctx: PageContext) => void): Promise<PageContext> {
  const cookie = await signIn(server.url, login);
  const profile = await me(server.url, cookie);
  const page = profile.pages.find((p) => p.className === className && p.subjectName === subjectName);
  if (!page) throw new Error(`${login} has no page ${className} ${subjectName}`);
  const client = openDoc(server.url, cookie, page.docName);
  await client.synced();
  const ctx: PageContext = {
    doc: client.doc, userId: profile.user.id, roster: readRoster(client.doc), lessons: readLessons(client.doc),
    periods: readMeta(client.doc)!.periods, pageId: page.pageId, now: server.now(),
  };
  client.doc.transact(() => write(ctx), ORIGIN.local);
  const expected = footprint(client.doc);
  const reader = openDoc(server.url, cookie, page.docName);
  try {
    await reader.synced();
    await until(() => client.notices.length > 0 || footprint(reader.doc) === expected, `${className} ${subjectName} stored`);
    if (client.notices.length > 0) throw new Error(`refused: ${JSON.stringify(client.notices)}`);
  } finally {
    reader.destroy();
    client.destroy();
  }
  return ctx;
}
