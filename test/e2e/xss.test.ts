/**
 * Issue 9: text typed by people (topics, homework) is shown as text: an XSS
 * payload stays inert in the journal's lesson editor and in the diary's week.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { removeDataDir, startServer, TEST_TODAY, type ServerProcess } from "../support/server-process.ts";
import { launchBrowser, signInAs, type Person } from "../support/browser.ts";
import { me, openDoc, signIn } from "../support/clients.ts";
import { lessonOn } from "../support/journal-fixtures.ts";
import { lessonsMap, readRoster } from "../../shared/journal-schema.ts";
import { ORIGIN } from "../../shared/origins.ts";

const PAYLOAD = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>`;
let server: ServerProcess;
let browser: Browser;
const people: Person[] = [];
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) removeDataDir(server.dataDir);
});

describe("text stays text (issue 9)", () => {
  it("an XSS payload in a topic and in homework is inert in the journal and in the diary", async () => {
    const cookie = await signIn(server.url, "petrov");
    const page = (await me(server.url, cookie)).pages.find((p) => p.className === "5А" && p.subjectName === "Русский язык")!;
    const teacherDoc = openDoc(server.url, cookie, page.docName);
    await teacherDoc.synced();
    const today = lessonOn(teacherDoc.doc, TEST_TODAY)!;
    const child = readRoster(teacherDoc.doc)[0]!;
    teacherDoc.doc.transact(() => {
      lessonsMap(teacherDoc.doc).get(today.id)!.set("topic", PAYLOAD);
      lessonsMap(teacherDoc.doc).get(today.id)!.set("homework", PAYLOAD);
    }, ORIGIN.local);
    await expect.poll(() => teacherDoc.notices.length === 0 && lessonsMap(teacherDoc.doc).get(today.id)!.get("topic")).toBe(PAYLOAD);

    const parent = await signInAs(browser, server, "parent.alekseeva");
    const teacher = await signInAs(browser, server, "ivanova");
    people.push(parent, teacher);
    await parent.page.click(`a[data-student-id="${child.id}"]`);
    const row = parent.page.locator(`[data-diary-lesson="${page.pageId}:${today.id}"]`);
    await expect.poll(() => row.locator(".topic").textContent(), { timeout: 5000 }).toBe(PAYLOAD);
    expect(await row.locator(".homework").textContent()).toBe(PAYLOAD);

    await teacher.page.click(`a[data-page-id="${page.pageId}"]`);
    await teacher.page.click(`th[data-lesson-id="${today.id}"]`);
    await expect.poll(() => teacher.page.inputValue('[data-testid="lesson-editor"] input[name="topic"]')).toBe(PAYLOAD);

    for (const p of [parent, teacher]) {
      expect(await p.page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
      expect(await p.page.locator("img[src='x']").count()).toBe(0);
    }
    teacherDoc.destroy();
  });
});
