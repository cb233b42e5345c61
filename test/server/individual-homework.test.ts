/**
 * J2: homework set for one student (the lesson field `hw:<studentId>`) reaches
 * that student's diary only; a classmate's diary never carries it, and
 * clearing it takes it out again. Real server, real sockets.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, TEST_TODAY, type ServerProcess, stopServer } from "../support/server-process.ts";
import { lessonOn } from "../support/journal-fixtures.ts";
import { me, openDoc, signIn, until, type DocClient } from "../support/clients.ts";
import { individualHomeworkField, lessonsMap, readRoster } from "../../shared/journal-schema.ts";
import { diaryLessonsMap, readDiaryLessons } from "../../shared/diary-schema.ts";
import { ORIGIN } from "../../shared/origins.ts";
import type { PageSummary } from "../../shared/api.ts";

let server: ServerProcess;
let page: PageSummary;
let teacher: string;
const clients: DocClient[] = [];

beforeAll(async () => {
  server = await startServer();
  teacher = await signIn(server.url, "ivanova");
  page = (await me(server.url, teacher)).pages.find((p) => p.className === "5А" && p.subjectName === "Математика")!;
});
afterAll(() => stopServer(server, clients));

function open(docName: string): DocClient {
  const c = openDoc(server.url, teacher, docName);
  clients.push(c);
  return c;
}

describe("individual homework (J2)", () => {
  it("J2: reaches only its student's diary, and leaves it when cleared", async () => {
    const journal = open(page.docName);
    await journal.synced();
    const [student, classmate] = readRoster(journal.doc);
    const lesson = lessonOn(journal.doc, TEST_TODAY)!;
    const key = `${page.pageId}:${lesson.id}`;
    const own = open(`diary/${student!.id}`);
    const other = open(`diary/${classmate!.id}`);
    await Promise.all([own.synced(), other.synced()]);
    const seenByClassmate: unknown[] = [];
    diaryLessonsMap(other.doc).observe(() => seenByClassmate.push(diaryLessonsMap(other.doc).get(key)?.individualHomework ?? null));

    const set = (text: string | null) =>
      journal.doc.transact(() => {
        const l = lessonsMap(journal.doc).get(lesson.id)!;
        if (text === null) l.delete(individualHomeworkField(student!.id));
        else l.set(individualHomeworkField(student!.id), text);
      }, ORIGIN.local);

    set("Повторить таблицу умножения на 7");
    await until(() => readDiaryLessons(own.doc)[key]?.individualHomework === "Повторить таблицу умножения на 7", "the student's diary shows it");
    expect(readDiaryLessons(other.doc)[key]?.individualHomework).toBeUndefined();

    set(null);
    await until(() => readDiaryLessons(own.doc)[key]?.individualHomework === undefined, "cleared from the student's diary");
    expect(journal.notices).toEqual([]);
    expect(seenByClassmate.filter((v) => v !== null)).toEqual([]);
  });
});
