/**
 * "A new app version is offered, never forced mid-entry" (issue 4, C1): a
 * teacher is half-way through homework in the lesson editor and has a mark
 * typed but not entered when a new version of the app reaches the browser.
 * The open page shows the offer and stays as it is; only when the teacher
 * accepts does it reload, onto the new version, and what was typed is not
 * lost. The new version reaches the browser two ways: a page of the new build
 * registers its service worker (a tab opened after the deploy), or the open
 * tab itself finds that the server serves another build (`/version.json`,
 * asked every UPDATE_CHECK_SECONDS; one second here). A deploy is the built
 * app with another build id, served through routes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext } from "playwright-core";
import { startServer, TEST_TODAY, type ServerProcess } from "../support/server-process.ts";
import { closeAll, launchBrowser, signInAs, type Person } from "../support/browser.ts";
import { me, openDoc, signIn, until } from "../support/clients.ts";
import { cellKey, readCell } from "../../shared/journal-schema.ts";
import type { PageSummary } from "../../shared/api.ts";

let server: ServerProcess;
let browser: Browser;
let math5a: PageSummary;
const people: Person[] = [];

beforeAll(async () => {
  // Open tabs ask for the served build every second instead of every five minutes.
  [server, browser] = await Promise.all([startServer(undefined, { UPDATE_CHECK_SECONDS: "1" }), launchBrowser()]);
  math5a = (await me(server.url, await signIn(server.url, "ivanova"))).pages.find((p) => p.className === "5А" && p.subjectName === "Математика")!;
});
afterAll(() => closeAll(browser, server, people));

/** The script URL of the worker controlling the page, and of the one waiting, if any. */
const workers = (page: Person["page"]) =>
  page.evaluate(async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    return { controller: navigator.serviceWorker.controller?.scriptURL ?? null, waiting: reg?.waiting?.scriptURL ?? null };
  });

/** A deploy: from now on the server's app is another build, its code otherwise the same (the assets and /version.json name it). */
async function deploy(context: BrowserContext, build: string): Promise<void> {
  const current = ((await (await fetch(`${server.url}/version.json`)).json()) as { build: string }).build;
  await context.route("**/assets/*.js", async (route) => {
    const res = await route.fetch();
    await route.fulfill({ response: res, body: (await res.text()).replaceAll(current, build) });
  });
  await context.route("**/version.json", async (route) => {
    const res = await route.fetch();
    await route.fulfill({ response: res, json: { ...((await res.json()) as object), build } });
  });
}

/** Signed in, the shell installed and in control, the page open. */
async function teacherOnPage(): Promise<Person> {
  const teacher = await signInAs(browser, server, "ivanova");
  people.push(teacher);
  const { page } = teacher;
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 10_000 }).toBe(true);
  await page.click(`a[data-page-id="${math5a.pageId}"]`);
  await page.waitForSelector('table[role="grid"] td[data-student-id]', { timeout: 15_000 });
  // This document must outlive the offer: a reload would lose it.
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  return teacher;
}

describe("a new version of the app (C1)", () => {
  it("C1: the server names the build it serves and how often tabs ask, uncached; the shell does not precache it", async () => {
    const res = await fetch(`${server.url}/version.json`);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toEqual({ build: expect.stringMatching(/^\d{14}$/), checkSeconds: 1 });
    const files = (await (await fetch(`${server.url}/app-files.json`)).json()) as string[];
    expect(files).toContain("/");
    expect(files).not.toContain("/version.json");
  });

  it("C1: a new version is offered while a lesson editor and a cell entry are open, the page is not reloaded; accepting reloads onto it and nothing typed is lost", async () => {
    const { page, context } = await teacherOnPage();
    const oldWorker = (await workers(page)).controller!;

    // Homework half-typed in the lesson editor (not yet saved: it saves when the field is left).
    const lessonId = await page.evaluate((d) => document.querySelector<HTMLElement>(`th[data-lesson-date="${d}"]`)!.dataset.lessonId!, TEST_TODAY);
    await page.click(`th[data-lesson-id="${lessonId}"] .lesson-button`);
    const homework = page.locator('[data-testid="lesson-editor"] textarea[name="homework"]');
    await homework.click();
    await homework.pressSequentially("Упр. 12, 1");

    await deploy(context, "next-version");
    // It reaches the browser: a page of the new build registers its worker (as a tab opened after the deploy does).
    const other = await context.newPage();
    await other.goto(`${server.url}/app-files.json`);
    await other.evaluate(() => navigator.serviceWorker.register("/sw.js?build=next-version").then(() => undefined));

    // Offered, not forced: the offer shows, the new worker waits, the page is the same document, the draft is intact.
    const offer = page.locator(".update-offer");
    await offer.waitFor({ timeout: 15_000 });
    expect(await offer.textContent()).toContain("Доступна новая версия");
    await expect.poll(async () => (await workers(page)).waiting, { timeout: 10_000 }).toContain("build=next-version");
    expect((await workers(page)).controller).toBe(oldWorker);
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(await homework.inputValue()).toBe("Упр. 12, 1");
    expect(await page.evaluate(() => (document.activeElement as HTMLTextAreaElement | null)?.name)).toBe("homework");

    // The teacher finishes the homework and starts a mark: still no reload, the offer stays.
    await homework.pressSequentially("5");
    const students = await page.evaluate(() => [...new Set([...document.querySelectorAll<HTMLElement>("td[data-student-id]")].map((c) => c.dataset.studentId!))]);
    await page.locator(`td[data-student-id="${students[0]}"][data-lesson-id="${lessonId}"]`).click();
    await page.keyboard.type("4");
    expect(await page.inputValue("input.cell-input")).toBe("4");
    expect(await offer.isVisible()).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);

    // Accepting: the page reloads onto the new version.
    await Promise.all([page.waitForEvent("load", { timeout: 40_000 }), offer.locator("button").click()]);
    await page.waitForSelector('table[role="grid"] td[data-student-id]', { timeout: 15_000 });
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBeUndefined();
    expect((await workers(page)).controller).toContain("build=next-version");
    await expect.poll(() => page.locator(".update-offer").count()).toBe(0);

    // Nothing typed was lost: the homework and the mark (entered when the offer's button took the focus) reached the server.
    const watcher = openDoc(server.url, await signIn(server.url, "ivanova"), math5a.docName);
    try {
      await watcher.synced();
      await until(() => readCell(watcher.doc, cellKey(students[0]!, lessonId))?.value === "4", "the mark typed before the update");
      const lessons = watcher.doc.getMap("lessons") as import("yjs").Map<import("yjs").Map<unknown>>;
      await until(() => lessons.get(lessonId)?.get("homework") === "Упр. 12, 15", "the homework typed before the update");
    } finally {
      watcher.destroy();
    }
    await other.close();
  });
  it("C1: an open tab, with no other tab opened, finds the deploy by itself and offers it; the lesson editor's draft stays, nothing reloads; accepting reloads onto the new build", async () => {
    const { page, context } = await teacherOnPage();
    const oldWorker = (await workers(page)).controller!;
    const lessonId = await page.evaluate((d) => document.querySelector<HTMLElement>(`th[data-lesson-date="${d}"]`)!.dataset.lessonId!, TEST_TODAY);
    await page.click(`th[data-lesson-id="${lessonId}"] .lesson-button`);
    // A new homework text half-typed over the one saved earlier (it saves when the field is left).
    const homework = page.locator('[data-testid="lesson-editor"] textarea[name="homework"]');
    await homework.click();
    await homework.fill("");
    await homework.pressSequentially("Стр. 40");

    await deploy(context, "next-build");
    // Within the check interval, by itself: the offer, the new worker waiting, the same document, the draft as it was.
    const offer = page.locator(".update-offer");
    await offer.waitFor({ timeout: 15_000 });
    expect(await offer.textContent()).toContain("Доступна новая версия");
    await expect.poll(async () => (await workers(page)).waiting, { timeout: 10_000 }).toContain("build=next-build");
    expect((await workers(page)).controller).toBe(oldWorker);
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(await homework.inputValue()).toBe("Стр. 40");
    expect(await page.evaluate(() => (document.activeElement as HTMLTextAreaElement | null)?.name)).toBe("homework");

    // Accepted: the new build in control, and it does not offer itself again.
    await Promise.all([page.waitForEvent("load", { timeout: 40_000 }), offer.locator("button").click()]);
    await page.waitForSelector('table[role="grid"] td[data-student-id]', { timeout: 15_000 });
    expect((await workers(page)).controller).toContain("build=next-build");
    await expect.poll(() => page.locator(".update-offer").count()).toBe(0);
  });
});
