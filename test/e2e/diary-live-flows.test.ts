/**
 * The diary in Chromium beyond what diary-flows covers: "new until seen"
 * across visits, browser notifications off by default and asked for only
 * when turned on (D2); a mark refused for its timing (a valid value on a
 * locked lesson) never appears (J8, J9, D2); the class teacher's table of
 * diary usage (A4).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startServer, TEST_TODAY, type ServerProcess } from "../support/server-process.ts";
import { closeAll, launchBrowser, signInAs, type Person } from "../support/browser.ts";
import { me, openDoc, signIn, type DocClient } from "../support/clients.ts";
import { entry, lessonOn, pastLessons } from "../support/journal-fixtures.ts";
import { cellKey, cellsMap, readRoster } from "../../shared/journal-schema.ts";
import { ORIGIN } from "../../shared/origins.ts";

let server: ServerProcess;
let browser: Browser;
const people: Person[] = [];
const teachers: DocClient[] = [];
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
afterAll(async () => {
  for (const t of teachers) t.destroy();
  await closeAll(browser, server, people);
});

/** A teacher's client on its page of 5А for a subject, and the id it writes as. */
async function teacherOn(login: string, subject: string) {
  const cookie = await signIn(server.url, login);
  const profile = await me(server.url, cookie);
  const page = profile.pages.find((p) => p.className === "5А" && p.subjectName === subject && p.access === "write")!;
  const client = openDoc(server.url, cookie, page.docName);
  teachers.push(client);
  await client.synced();
  const today = lessonOn(client.doc, TEST_TODAY)!;
  const write = (studentId: string, lessonId: string, value: string, workType?: string) =>
    client.doc.transact(() => cellsMap(client.doc).set(cellKey(studentId, lessonId), entry(value, profile.user.id, server.now(), workType)), ORIGIN.local);
  return { client, page, today, write, roster: readRoster(client.doc) };
}

/** Stands in for the browser's notifications, recording what the app shows and whether it asked. */
const FAKE_NOTIFICATIONS = () => {
  const w = window as unknown as { __notes: Array<{ title: string; body: string }>; __asked: number };
  w.__notes = [];
  w.__asked = 0;
  class FakeNotification {
    static get permission() {
      return localStorage.getItem("fake-permission") ?? "default";
    }
    static async requestPermission() {
      w.__asked++;
      localStorage.setItem("fake-permission", "granted");
      return "granted";
    }
    constructor(title: string, options?: { body?: string }) {
      w.__notes.push({ title, body: options?.body ?? "" });
    }
  }
  Object.defineProperty(window, "Notification", { value: FakeNotification, configurable: true, writable: true });
};

const notes = (page: Page) => page.evaluate(() => (window as unknown as { __notes: Array<{ title: string; body: string }> }).__notes);
const asked = (page: Page) => page.evaluate(() => (window as unknown as { __asked: number }).__asked);
const isFresh = async (page: Page, key: string) => ((await page.locator(`[data-diary-entry="${key}"]`).getAttribute("class")) ?? "").includes("fresh");

async function openDiary(page: Page, studentId: string): Promise<void> {
  await page.click(`a[data-student-id="${studentId}"]`);
  await page.waitForSelector('[data-testid="diary"]');
  await page.locator(".diary-day").first().waitFor();
  // A diary never shown on this device takes what its first sync brings as seen (D2): news is what comes after.
  await page.locator('[data-testid="diary"][data-synced="true"]').waitFor();
}

describe("the diary lives on (D2, A4)", () => {
  it("D2: what arrived is new until seen, also after a night away; notifications are off until the family turns them on", async () => {
    const russian = await teacherOn("petrov", "Русский язык");
    const literature = await teacherOn("petrov", "Литература");
    const maths = await teacherOn("ivanova", "Математика");
    const child = russian.roster[0]!.id;
    const parent = await signInAs(browser, server, "parent.alekseeva");
    people.push(parent);
    await parent.context.addInitScript(FAKE_NOTIFICATIONS);
    await parent.page.reload();
    await parent.page.waitForSelector('[data-testid="sign-out"]');
    await openDiary(parent.page, child);

    // Arrives live: highlighted; no notification, nothing asked of the browser.
    const russianKey = `${russian.page.pageId}:${russian.today.id}`;
    russian.write(child, russian.today.id, "4", "dictation");
    await expect.poll(() => parent.page.locator(`[data-diary-entry="${russianKey}"] .value`).textContent(), { timeout: 30_000 }).toBe("4");
    expect(await isFresh(parent.page, russianKey)).toBe(true);
    expect(await parent.page.locator('[data-testid="notify-toggle"]').isChecked()).toBe(false);
    expect(await notes(parent.page)).toEqual([]);
    expect(await asked(parent.page)).toBe(0);

    // Leaving the diary is seeing it; an absence entered meanwhile is new when the family comes back, even after a reload.
    await parent.page.click(".brand");
    const literatureKey = `${literature.page.pageId}:${literature.today.id}`;
    literature.write(child, literature.today.id, "Н");
    await parent.page.reload();
    await parent.page.waitForSelector('[data-testid="sign-out"]');
    await openDiary(parent.page, child);
    await expect.poll(() => parent.page.locator(`[data-diary-entry="${literatureKey}"] .value`).textContent(), { timeout: 30_000 }).toBe("Н");
    await expect.poll(() => isFresh(parent.page, literatureKey), { timeout: 30_000 }).toBe(true);
    expect(await isFresh(parent.page, russianKey)).toBe(false);

    // Turned on: the browser is asked once, then each new mark or absence is announced.
    await parent.page.click('[data-testid="notify-toggle"]');
    await expect.poll(() => parent.page.locator('[data-testid="notify-toggle"]').isChecked()).toBe(true);
    expect(await asked(parent.page)).toBe(1);
    maths.write(child, maths.today.id, "5", "test");
    await expect.poll(async () => (await notes(parent.page)).length, { timeout: 30_000 }).toBe(1);
    expect((await notes(parent.page))[0]!.title).toBe("Новая отметка: Математика — 5");
    expect((await notes(parent.page))[0]!.body).toContain("Контрольная работа");
    literature.write(russian.roster[1]!.id, literature.today.id, "Б"); // another child of the class: not this family's news
    russian.write(child, russian.today.id, "4/5", "dictation");
    await expect.poll(async () => (await notes(parent.page)).length, { timeout: 30_000 }).toBe(2);
    expect((await notes(parent.page))[1]!.title).toBe("Новая отметка: Русский язык — 4/5");
  });

  it("J8, J9, D2: a valid mark refused because its lesson is locked never appears in the diary", async () => {
    const russian = await teacherOn("petrov", "Русский язык");
    const child = russian.roster[1]!.id; // Белова Анастасия
    const lastWeek = pastLessons(russian.client.doc, TEST_TODAY, 5)[0]!;
    const parent = await signInAs(browser, server, "parent.belova");
    people.push(parent);
    await openDiary(parent.page, child);
    // Everything the diary ever shows, recorded as it happens.
    await parent.page.evaluate(() => {
      const seen = new Set<string>();
      (window as unknown as { __shown: Set<string> }).__shown = seen;
      const scan = () => document.querySelectorAll("[data-diary-entry]").forEach((e) => seen.add(`${e.getAttribute("data-diary-entry")}=${e.querySelector(".value")?.textContent}`));
      new MutationObserver(scan).observe(document.body, { subtree: true, childList: true, characterData: true });
      scan();
    });
    const tampered = openDoc(server.url, await signIn(server.url, "petrov"), russian.page.docName);
    teachers.push(tampered);
    await tampered.synced();
    const petrovId = (await me(server.url, await signIn(server.url, "petrov"))).user.id;
    tampered.doc.transact(() => cellsMap(tampered.doc).set(cellKey(child, lastWeek.id), entry("2", petrovId, server.now(), "test")), ORIGIN.local);
    await expect.poll(() => tampered.notices.length, { timeout: 30_000 }).toBe(1);
    expect(tampered.notices[0]!.changes[0]!.code).toBe("mark-locked");
    // A mark that is allowed, sent after it, arrives: the refused one had every chance to show first.
    russian.write(child, russian.today.id, "3");
    const todayKey = `${russian.page.pageId}:${russian.today.id}`;
    await expect.poll(() => parent.page.locator(`[data-diary-entry="${todayKey}"] .value`).textContent(), { timeout: 30_000 }).toBe("3");
    const shown = await parent.page.evaluate(() => [...(window as unknown as { __shown: Set<string> }).__shown]);
    expect(shown.some((s) => s.startsWith(`${russian.page.pageId}:${lastWeek.id}=`))).toBe(false);
    // Nor after a reload, from this device's copy and the server's.
    await parent.page.reload();
    await parent.page.waitForSelector('[data-testid="diary"]');
    await expect.poll(() => parent.page.locator(`[data-diary-entry="${todayKey}"] .value`).textContent(), { timeout: 30_000 }).toBe("3");
    await parent.page.click('button[role="tab"]:has-text("Предметы")');
    expect(await parent.page.locator(`[data-diary-entry="${russian.page.pageId}:${lastWeek.id}"]`).count()).toBe(0);
  });

  it("A4: the class teacher sees when each family last opened the diary", async () => {
    const teacher = await signInAs(browser, server, "ivanova");
    people.push(teacher);
    await teacher.page.click('[data-testid="usage-link"]');
    await teacher.page.waitForSelector('[data-testid="diary-usage"] table');
    const parentRow = teacher.page.locator("tr", { hasText: "родитель: Алексеева" }).first();
    expect(await parentRow.locator("[data-last-opened]").textContent()).toMatch(/\d\d\.\d\d\.\d{4}/);
    const neverRow = teacher.page.locator("tr", { hasText: "родитель: Медведева" }).first();
    expect(await neverRow.locator("[data-last-opened]").textContent()).toBe("не открывал(а)");
  });
});
