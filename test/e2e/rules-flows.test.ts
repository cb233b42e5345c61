/**
 * Issue 3 in Chromium: a substitute fills its lesson while the regular
 * teacher works on another column; a change to yesterday's mark is refused
 * with the reason shown, and passes once the administrator grants a permit
 * (R6, J8, J9, J11). The school's rules are the strict defaults.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startServer, TEST_TODAY, type ServerProcess } from "../support/server-process.ts";
import { closeAll, launchBrowser, signInAs, type Person } from "../support/browser.ts";
import { call, me, openDoc, signIn } from "../support/clients.ts";
import { entry, lessonOn } from "../support/journal-fixtures.ts";
import { cellKey, cellsMap, readCell, readLessons, readRoster } from "../../shared/journal-schema.ts";
import { ORIGIN } from "../../shared/origins.ts";
import { diaryEntriesMap } from "../../shared/diary-schema.ts";
import type { PageSummary } from "../../shared/api.ts";

let server: ServerProcess;
let browser: Browser;
let page: PageSummary;
const people: Person[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  page = (await me(server.url, await signIn(server.url, "petrov"))).pages.find((p) => p.className === "5А" && p.subjectName === "Русский язык")!;
});
afterAll(() => closeAll(browser, server, people));

const cell = (p: Page, key: string) => {
  const [studentId, lessonId] = key.split(":");
  return p.locator(`td[data-student-id="${studentId}"][data-lesson-id="${lessonId}"]`);
};

async function typeInto(p: Page, key: string, text: string): Promise<void> {
  await cell(p, key).click();
  await p.keyboard.type(text);
  await p.keyboard.press("Enter");
}

describe("substitutes, locked cells and correction permits (R6, J8, J9)", () => {
  it("R6, J9: the substitute fills its lesson; yesterday's mark is refused until a permit, then corrected once", async () => {
    const petrovCookie = await signIn(server.url, "petrov");
    const petrovId = (await me(server.url, petrovCookie)).user.id;
    const seed = openDoc(server.url, petrovCookie, page.docName);
    await seed.synced();
    const [anna, boris] = readRoster(seed.doc);
    const today = lessonOn(seed.doc, TEST_TODAY)!;
    const yesterday = readLessons(seed.doc).filter((l) => l.date < TEST_TODAY).at(-1)!;
    const lockedKey = cellKey(anna!.id, yesterday.id);
    const subKey = cellKey(boris!.id, today.id);
    // A mark typed offline during yesterday's lesson, arriving today within the grace (J8).
    const yesterdayAt = Date.parse(`${yesterday.date}T10:00:00+03:00`);
    seed.doc.transact(() => cellsMap(seed.doc).set(lockedKey, entry("4", petrovId, yesterdayAt)), ORIGIN.local);
    await expect.poll(() => seed.notices.length === 0 && readCell(seed.doc, lockedKey)?.value).toBe("4");
    seed.destroy();

    const admin = await signIn(server.url, "admin");
    const kuznetsovaId = (await me(server.url, await signIn(server.url, "kuznetsova"))).user.id;
    const assigned = await call(server.url, admin, "POST", "/api/substitutions", { lessonId: today.id, teacherId: kuznetsovaId, reason: "Болезнь учителя" });
    expect(assigned.status).toBe(200);

    const teacher = await signInAs(browser, server, "petrov");
    const substitute = await signInAs(browser, server, "kuznetsova");
    people.push(teacher, substitute);
    for (const p of [teacher, substitute]) {
      await p.page.click(`a[data-page-id="${page.pageId}"]`);
      await p.page.waitForSelector('table[role="grid"] td[data-student-id]');
    }

    // The substitute fills its lesson; the regular teacher sees it live.
    await typeInto(substitute.page, subKey, "5");
    await expect.poll(() => cell(teacher.page, subKey).textContent(), { timeout: 5000 }).toContain("5");
    // ...and nothing else of the page is the substitute's (R6).
    await typeInto(substitute.page, lockedKey, "2");
    await expect.poll(() => cell(substitute.page, lockedKey).getAttribute("data-state")).toBe("rejected");
    expect(await cell(substitute.page, lockedKey).textContent()).toContain("Это не ваша страница журнала");

    // The regular teacher's change of yesterday's mark is refused, with the reason shown (J9).
    await typeInto(teacher.page, lockedKey, "3");
    await expect.poll(() => cell(teacher.page, lockedKey).getAttribute("data-state")).toBe("rejected");
    expect(await cell(teacher.page, lockedKey).textContent()).toContain("Срок внесения истёк");
    expect(await cell(substitute.page, lockedKey).locator(".value").textContent()).toBe("4");

    // The administrator grants a permit for that cell; the same change now passes, everywhere.
    const permit = await call(server.url, admin, "POST", "/api/permits", { pageId: page.pageId, cells: [lockedKey], reason: "Ошибка при выставлении", expiresAt: server.now() + 3_600_000 });
    expect(permit.status).toBe(200);
    await expect.poll(async () => {
      await typeInto(teacher.page, lockedKey, "3");
      return cell(teacher.page, lockedKey).getAttribute("data-state");
    }, { timeout: 10_000 }).not.toBe("rejected");
    await expect.poll(() => cell(substitute.page, lockedKey).locator(".value").textContent(), { timeout: 5000 }).toBe("3");

    // The permit is used up: a second correction of the cell is refused again.
    await expect.poll(async () => {
      await typeInto(teacher.page, lockedKey, "5");
      return cell(teacher.page, lockedKey).getAttribute("data-state");
    }, { timeout: 10_000 }).toBe("rejected");

    // R6: the diary shows who entered what.
    const diary = openDoc(server.url, await signIn(server.url, "ivanova"), `diary/${boris!.id}`);
    await diary.synced();
    expect(diaryEntriesMap(diary.doc).get(`${page.pageId}:${today.id}`)).toMatchObject({ value: "5", byName: "Кузнецова А.И.", workType: "Ответ на уроке" });
    diary.destroy();

    // J11: the cell's history, as the administrator reads it.
    const history = (await call(server.url, admin, "GET", `/api/audit?doc=${encodeURIComponent(page.docName)}&target=${encodeURIComponent(lockedKey)}`)).body as Array<{ newValue: string; decision: string; permitId: string | null; authorTime: number; serverTime: number }>;
    expect(history.map((h) => [h.newValue, h.decision, h.permitId !== null])).toEqual([["4", "accepted", false], ["3", "accepted", true]]);
    expect(history[0]!.authorTime).toBe(yesterdayAt);
    expect(history[0]!.serverTime).toBeGreaterThan(yesterdayAt);
  });
});
