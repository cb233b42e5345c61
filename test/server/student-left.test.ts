/**
 * D5: a student who left the school stops receiving diary updates: nothing
 * entered after the departure reaches that diary (not a mark, not a topic,
 * not homework), while the class's other diaries go on as before.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../support/store.ts";
import { join } from "node:path";
import { startServer, TEST_TODAY, type ServerProcess, stopServer } from "../support/server-process.ts";
import { call, me, openDoc, signIn, until } from "../support/clients.ts";
import { entry, lessonOn } from "../support/journal-fixtures.ts";
import { cellKey, cellsMap, lessonsMap } from "../../shared/journal-schema.ts";
import { diaryEntriesMap, diaryLessonsMap } from "../../shared/diary-schema.ts";
import { diaryDocName } from "../../shared/doc-names.ts";
import { ORIGIN } from "../../shared/origins.ts";

let server: ServerProcess;
let leaverId: string;
let stayerId: string;

beforeAll(async () => {
  server = await startServer();
  // The school's records say Kirill Denisov (5А) left on Monday; nothing was loaded yet, so every document reads it.
  const db = openStore(server);
  leaverId = String((db.prepare("SELECT id FROM students WHERE surname = 'Денисов'").get() as { id: number }).id);
  stayerId = String((db.prepare("SELECT id FROM students WHERE surname = 'Егорова'").get() as { id: number }).id);
  db.prepare("UPDATE students SET left_on = ? WHERE id = ?").run("2026-11-16", leaverId);
  db.close();
});
afterAll(() => stopServer(server));

describe("a student who left (D5)", () => {
  it("gets no diary updates after leaving: no mark, no topic, no homework; the others do", async () => {
    const petrov = await signIn(server.url, "petrov");
    const profile = await me(server.url, petrov);
    const page = profile.pages.find((p) => p.className === "5А" && p.subjectName === "Русский язык")!;
    const teacher = openDoc(server.url, petrov, page.docName);
    const leaver = openDoc(server.url, await signIn(server.url, "parent.denisova"), diaryDocName(leaverId));
    const stayer = openDoc(server.url, await signIn(server.url, "parent.egorova"), diaryDocName(stayerId));
    await Promise.all([teacher.synced(), leaver.synced(), stayer.synced()]);
    const today = lessonOn(teacher.doc, TEST_TODAY)!;
    const key = `${page.pageId}:${today.id}`;
    const leaverUpdates: Uint8Array[] = [];
    leaver.doc.on("update", (u: Uint8Array) => leaverUpdates.push(u));
    const lessonBefore = JSON.stringify(diaryLessonsMap(leaver.doc).get(key) ?? null);

    teacher.doc.transact(() => {
      lessonsMap(teacher.doc).get(today.id)!.set("topic", "Правописание приставок");
      lessonsMap(teacher.doc).get(today.id)!.set("homework", "Упр. 301");
      cellsMap(teacher.doc).set(cellKey(stayerId, today.id), entry("5", profile.user.id, server.now()));
    }, ORIGIN.local);
    // The mark for the leaver is refused by the rules.
    teacher.doc.transact(() => cellsMap(teacher.doc).set(cellKey(leaverId, today.id), entry("4", profile.user.id, server.now())), ORIGIN.local);
    await until(() => teacher.notices.some((n) => n.changes.some((c) => c.code === "student-left")), "the refusal of the leaver's mark");
    await until(() => diaryLessonsMap(stayer.doc).get(key)?.homework === "Упр. 301" && diaryEntriesMap(stayer.doc).get(key)?.value === "5", "the stayer's diary updated");

    // By now the leaver's diary would have had the same update: it had none.
    expect(leaverUpdates).toEqual([]);
    expect(JSON.stringify(diaryLessonsMap(leaver.doc).get(key) ?? null)).toBe(lessonBefore);
    expect(diaryEntriesMap(leaver.doc).has(key)).toBe(false);
    // And a fresh reader of it gets the same: nothing was stored either.
    const again = openDoc(server.url, await signIn(server.url, "denisov.kirill"), diaryDocName(leaverId));
    await again.synced();
    expect(JSON.stringify(diaryLessonsMap(again.doc).get(key) ?? null)).toBe(lessonBefore);
    for (const c of [teacher, leaver, stayer, again]) c.destroy();
  });

  it("M1: the family of a student who left no longer writes to the class's teachers, still to the administration", async () => {
    const parent = await signIn(server.url, "parent.denisova");
    const idOf = async (login: string) => (await me(server.url, await signIn(server.url, login))).user.id;
    expect(await call(server.url, parent, "POST", "/api/messages", { to: await idOf("ivanova"), text: "Заберём документы" })).toEqual({ status: 403, body: { error: "recipient-not-allowed" } });
    expect((await call(server.url, parent, "POST", "/api/messages", { to: await idOf("admin"), text: "Заберём документы" })).status).toBe(201);
  });
});
