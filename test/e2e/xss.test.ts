/**
 * Issue 9: text typed by people (topics, homework) is shown as text: an XSS
 * payload stays inert in the journal's lesson editor and in the diary's week.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startServer, TEST_TODAY, type ServerProcess } from "../support/server-process.ts";
import { closeAll, launchBrowser, signInAs, type Person } from "../support/browser.ts";
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
afterAll(() => closeAll(browser, server));

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

  it("J2: a file attached in the lesson editor is listed as a download; a payload in its name stays text in the journal and the diary", async () => {
    const NAME = `<img src=x onerror="window.__xss=3">.pdf`;
    const teacher = await signInAs(browser, server, "petrov");
    const parent = await signInAs(browser, server, "parent.alekseeva");
    people.push(teacher, parent);
    const cookie = await signIn(server.url, "petrov");
    const page = (await me(server.url, cookie)).pages.find((p) => p.className === "5А" && p.subjectName === "Литература")!;
    const probe = openDoc(server.url, cookie, page.docName);
    await probe.synced();
    const today = lessonOn(probe.doc, TEST_TODAY)!;
    const child = readRoster(probe.doc)[0]!;
    probe.destroy();

    await teacher.page.click(`a[data-page-id="${page.pageId}"]`);
    await teacher.page.click(`th[data-lesson-id="${today.id}"]`);
    await teacher.page.setInputFiles('[data-testid="lesson-editor"] input[type="file"]', {
      name: NAME, mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n%%EOF\n"),
    });
    const link = teacher.page.locator('[data-testid="lesson-attachments"] a.attachment-link');
    await expect.poll(() => link.count(), { timeout: 5000 }).toBe(1);
    expect(await link.textContent()).toContain(NAME);
    expect(await link.getAttribute("download")).toBe(NAME);

    await parent.page.click(`a[data-student-id="${child.id}"]`);
    const row = parent.page.locator(`[data-diary-lesson="${page.pageId}:${today.id}"] .homework a.attachment-link`);
    await expect.poll(() => row.count(), { timeout: 5000 }).toBe(1);
    expect(await row.textContent()).toContain(NAME);
    const response = await parent.page.request.get(new URL((await row.getAttribute("href"))!, server.url).href);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-disposition"]).toMatch(/^attachment;/);

    // An unsupported file is refused in the editor with the reason, before any upload.
    await teacher.page.setInputFiles('[data-testid="lesson-editor"] input[type="file"]', { name: "run.exe", mimeType: "application/octet-stream", buffer: Buffer.from("MZ") });
    await expect.poll(() => teacher.page.locator('[data-testid="lesson-editor"] [role="alert"]').textContent()).toContain("Такой файл прикрепить нельзя");

    for (const p of [parent, teacher]) {
      expect(await p.page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
      expect(await p.page.locator("img[src='x']").count()).toBe(0);
      expect(p.errors).toEqual([]);
    }
  });
});
