/**
 * C1 in Chromium: a teacher who visited once opens the app with no network
 * (a new tab, nothing in memory): the service worker's shell starts, the
 * cached session signs in, the page opens from IndexedDB, marks typed are
 * counted in the banner and reach the server when the network returns. And
 * the device's copy stays small however often the page is opened.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startServer, TEST_TODAY, type ServerProcess } from "../support/server-process.ts";
import { closeAll, launchBrowser, signInAs, type Person } from "../support/browser.ts";
import { me, openDoc, signIn, until } from "../support/clients.ts";
import { cellKey, cellsMap, readCell } from "../../shared/journal-schema.ts";
import { COMPACT_AT_ROWS } from "../../client/sync/local-store.ts";
import type { PageSummary } from "../../shared/api.ts";

let server: ServerProcess;
let browser: Browser;
let math5a: PageSummary;
const people: Person[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  math5a = (await me(server.url, await signIn(server.url, "ivanova"))).pages.find((p) => p.className === "5А" && p.subjectName === "Математика")!;
});
afterAll(() => closeAll(browser, server, people));

async function openPage(page: Page): Promise<void> {
  await page.click(`a[data-page-id="${math5a.pageId}"]`);
  await page.waitForSelector('table[role="grid"] td[data-student-id]', { timeout: 15_000 });
}

const todayCells = (page: Page) =>
  page.evaluate((today) => {
    const lesson = document.querySelector<HTMLElement>(`th[data-lesson-date="${today}"]`)!.dataset.lessonId!;
    const students = [...new Set([...document.querySelectorAll<HTMLElement>("td[data-student-id]")].map((c) => c.dataset.studentId!))];
    return { lesson, students };
  }, TEST_TODAY);

/** Records in the page's IndexedDB store (y-indexeddb's `updates`). */
const idbRows = (page: Page, docName: string) =>
  page.evaluate(
    (name) =>
      new Promise<number>((ok, fail) => {
        const open = indexedDB.open(`zhurnal:${name}`);
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const count = db.transaction("updates", "readonly").objectStore("updates").count();
          count.onsuccess = () => {
            ok(count.result);
            db.close();
          };
        };
      }),
    docName,
  );

describe("working without a network (C1)", () => {
  it("C1: a cold start offline signs in from the cached session, opens the page from the device, counts the waiting edits, and syncs them later", async () => {
    const teacher = await signInAs(browser, server, "ivanova");
    people.push(teacher);
    await openPage(teacher.page);
    // The shell is installed and in control after this first visit.
    await teacher.page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await expect.poll(() => teacher.page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 10_000 }).toBe(true);
    const { lesson, students } = await todayCells(teacher.page);
    await teacher.page.close();

    // Next morning, no network: a new tab.
    await teacher.context.setOffline(true);
    const page = await teacher.context.newPage();
    page.on("pageerror", (e) => teacher.errors.push(String(e)));
    await page.goto(server.url);
    await page.waitForSelector('[data-testid="sign-out"]', { timeout: 15_000 });
    expect(await page.textContent(".app-head")).toContain("без связи");
    await openPage(page);

    for (const [i, mark] of [[0, "5"], [1, "н"], [2, "4"]] as const) {
      await page.locator(`td[data-student-id="${students[i]}"][data-lesson-id="${lesson}"]`).click();
      await page.keyboard.type(mark);
      await page.keyboard.press("Enter");
    }
    const banner = page.locator('[data-testid="offline-banner"]');
    await banner.waitFor({ timeout: 10_000 });
    await expect.poll(() => banner.textContent()).toContain("Ожидают отправки: 3");
    expect(await page.locator(`td[data-lesson-id="${lesson}"][data-state="pending"]`).count()).toBe(3);

    // The network returns: the edits reach the server, the banner and the waiting marks go.
    const observer = openDoc(server.url, await signIn(server.url, "ivanova"), math5a.docName);
    await observer.synced();
    expect(cellsMap(observer.doc).has(cellKey(students[0]!, lesson))).toBe(false);
    await teacher.context.setOffline(false);
    await until(() => readCell(observer.doc, cellKey(students[2]!, lesson))?.value === "4", "the offline marks on the server", 30_000);
    expect(readCell(observer.doc, cellKey(students[0]!, lesson))?.value).toBe("5");
    expect(readCell(observer.doc, cellKey(students[1]!, lesson))?.value).toBe("Н");
    await banner.waitFor({ state: "detached", timeout: 15_000 });
    await expect.poll(() => page.locator(`td[data-lesson-id="${lesson}"][data-state="pending"]`).count(), { timeout: 10_000 }).toBe(0);
    observer.destroy();
  });

  it("C1: a mark typed right before the tab is closed is on the device, though storing it waits for the frame after the keystroke", async () => {
    const teacher = await signInAs(browser, server, "ivanova");
    people.push(teacher);
    await openPage(teacher.page);
    await teacher.page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await expect.poll(() => teacher.page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 10_000 }).toBe(true);
    const { lesson, students } = await todayCells(teacher.page);
    const key = cellKey(students[7]!, lesson);
    await teacher.context.setOffline(true);
    const before = await idbRows(teacher.page, math5a.docName);

    // Frames and timers stand still (the page's clock is paused): the keystroke itself writes nothing to IndexedDB.
    await teacher.context.clock.pauseAt(await teacher.page.evaluate(() => Date.now() + 1000));
    await teacher.page.locator(`td[data-student-id="${students[7]}"][data-lesson-id="${lesson}"]`).click();
    await teacher.page.keyboard.type("2");
    await teacher.page.keyboard.press("Enter");
    expect(await teacher.page.locator(`td[data-student-id="${students[7]}"][data-lesson-id="${lesson}"] .value`).textContent()).toBe("2");
    expect(await idbRows(teacher.page, math5a.docName)).toBe(before);
    // The tab is closed at once: leaving the page stores what waited.
    await teacher.page.close();
    await teacher.context.clock.resume();

    // Another tab, still offline: the page opens from the device with the mark.
    const page = await teacher.context.newPage();
    page.on("pageerror", (e) => teacher.errors.push(String(e)));
    await page.goto(server.url);
    await page.waitForSelector('[data-testid="sign-out"]', { timeout: 15_000 });
    await openPage(page);
    expect(await page.locator(`td[data-student-id="${students[7]}"][data-lesson-id="${lesson}"] .value`).textContent()).toBe("2");

    // And it reaches the server when the network returns.
    await teacher.context.setOffline(false);
    const observer = openDoc(server.url, await signIn(server.url, "ivanova"), math5a.docName);
    try {
      await observer.synced();
      await until(() => readCell(observer.doc, key)?.value === "2", "the mark typed before the tab was closed", 30_000);
    } finally {
      observer.destroy();
    }
  });

  it("the device's copy of a page opened again and again stays a handful of records, with nothing lost", async () => {
    const teacher = await signInAs(browser, server, "ivanova");
    people.push(teacher);
    await openPage(teacher.page);
    const { lesson, students } = await todayCells(teacher.page);
    const cell = teacher.page.locator(`td[data-student-id="${students[5]}"][data-lesson-id="${lesson}"]`);
    await cell.click();
    await teacher.page.keyboard.type("3");
    await teacher.page.keyboard.press("Enter");
    const seen: number[] = [];
    for (let visit = 0; visit < COMPACT_AT_ROWS + 10; visit++) {
      await teacher.page.reload();
      await teacher.page.waitForSelector('table[role="grid"] td[data-student-id]', { timeout: 15_000 });
      seen.push(await idbRows(teacher.page, math5a.docName));
    }
    // Without compaction the store would hold a record per open (and per update) up to 500.
    expect(Math.max(...seen)).toBeLessThanOrEqual(COMPACT_AT_ROWS + 3);
    expect(seen.at(-1)!).toBeLessThan(COMPACT_AT_ROWS);
    expect(await cell.locator(".value").textContent()).toBe("3");
    // Offline, from the compacted copy alone, the page still shows the mark.
    await teacher.context.setOffline(true);
    await teacher.page.reload();
    await teacher.page.waitForSelector('table[role="grid"] td[data-student-id]', { timeout: 15_000 });
    expect(await cell.locator(".value").textContent()).toBe("3");
    await teacher.context.setOffline(false);
  });
});
