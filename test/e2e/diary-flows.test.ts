/**
 * Issue 6 in Chromium: a parent of two children watches a mark arrive live in
 * the right child's diary, with the lesson's topic and homework in the week
 * view; the diary opens with no network and says how old it is (D1-D3, C1).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startServer, TEST_TODAY, type ServerProcess } from "../support/server-process.ts";
import { closeAll, launchBrowser, signInAs, type Person } from "../support/browser.ts";
import { me, openDoc, signIn } from "../support/clients.ts";
import { entry, lessonOn } from "../support/journal-fixtures.ts";
import { cellKey, cellsMap, lessonsMap, readRoster } from "../../shared/journal-schema.ts";
import { ORIGIN } from "../../shared/origins.ts";

let server: ServerProcess;
let browser: Browser;
const people: Person[] = [];
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
afterAll(() => closeAll(browser, server, people));

describe("the diary (D1-D3)", () => {
  it("D2: a parent of two children sees a mark arrive live in the right child's week, with topic and homework; offline it shows its last copy", async () => {
    const petrov = await signIn(server.url, "petrov");
    const petrovId = (await me(server.url, petrov)).user.id;
    const page = (await me(server.url, petrov)).pages.find((p) => p.className === "5А" && p.subjectName === "Русский язык")!;
    const teacher = openDoc(server.url, petrov, page.docName);
    await teacher.synced();
    const child = readRoster(teacher.doc)[0]!; // Alekseev Artyom, 5А
    const today = lessonOn(teacher.doc, TEST_TODAY)!;

    const parent = await signInAs(browser, server, "parent.alekseeva");
    people.push(parent);
    const links = await parent.page.locator("a[data-student-id]").count();
    expect(links).toBe(2);
    await parent.page.click(`a[data-student-id="${child.id}"]`);
    await parent.page.waitForSelector('[data-testid="diary"]');
    const row = parent.page.locator(`[data-diary-lesson="${page.pageId}:${today.id}"]`);
    await row.waitFor();

    teacher.doc.transact(() => {
      lessonsMap(teacher.doc).get(today.id)!.set("topic", "Имя существительное как часть речи");
      lessonsMap(teacher.doc).get(today.id)!.set("homework", "Упр. 214, выучить правило на с. 87");
      cellsMap(teacher.doc).set(cellKey(child.id, today.id), entry("5", petrovId, server.now(), "dictation"));
    }, ORIGIN.local);
    await expect.poll(() => row.textContent(), { timeout: 5000 }).toContain("Имя существительное как часть речи");
    expect(await row.textContent()).toContain("Упр. 214");
    await expect.poll(() => row.locator(".value").textContent(), { timeout: 5000 }).toBe("5");
    expect(await row.locator(".diary-entry").getAttribute("class")).toContain("fresh");
    expect(await row.locator(".diary-entry").getAttribute("title")).toContain("Диктант");

    // The other child's diary has nothing of it.
    const other = (await me(server.url, await signIn(server.url, "parent.alekseeva"))).diaries.find((d) => d.studentId !== child.id)!;
    await parent.page.click(`nav.children a[data-student-id="${other.studentId}"]`);
    await parent.page.waitForSelector(`h1:has-text("${other.fullName.split(" ")[1]}")`);
    expect(await parent.page.locator(`[data-diary-entry="${page.pageId}:${today.id}"]`).count()).toBe(0);

    // Offline: the diary still opens from this device, saying how old it is.
    await parent.page.click(`nav.children a[data-student-id="${child.id}"]`);
    await row.locator(".value").waitFor();
    await parent.context.setOffline(true);
    await parent.page.reload();
    await parent.page.waitForSelector('[data-testid="diary"]', { timeout: 15_000 });
    await expect.poll(() => parent.page.locator(`[data-diary-lesson="${page.pageId}:${today.id}"] .value`).textContent(), { timeout: 10_000 }).toBe("5");
    await expect.poll(() => parent.page.textContent("body"), { timeout: 10_000 }).toContain("Данные на");
    await parent.context.setOffline(false);
    teacher.destroy();
  });

  it("D3: the subjects view shows the weighted average, the forecast and how many marks are missing", async () => {
    const petrov = await signIn(server.url, "petrov");
    const profile = await me(server.url, petrov);
    const page = profile.pages.find((p) => p.className === "5А" && p.subjectName === "Литература")!;
    const teacher = openDoc(server.url, petrov, page.docName);
    await teacher.synced();
    const child = readRoster(teacher.doc)[0]!;
    const today = lessonOn(teacher.doc, TEST_TODAY)!;
    // One test (weight 2) for 5: average 5.00, forecast 5, two more marks needed for a quarter (J7).
    teacher.doc.transact(() => cellsMap(teacher.doc).set(cellKey(child.id, today.id), entry("5", profile.user.id, server.now(), "test")), ORIGIN.local);
    const parent = await signInAs(browser, server, "parent.alekseeva");
    people.push(parent);
    await parent.page.click(`a[data-student-id="${child.id}"]`);
    await parent.page.click('button[role="tab"]:has-text("Предметы")');
    const row = parent.page.locator('[data-diary-subject="Литература"]');
    await expect.poll(() => row.locator("[data-average]").textContent(), { timeout: 5000 }).toBe("5.00");
    expect(await row.locator("[data-forecast]").textContent()).toContain("нужно ещё отметок: 2");
    teacher.destroy();
  });
});
