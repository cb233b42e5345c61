/**
 * Presence on a journal page (Yjs awareness, issue 4): the subject teacher and
 * the class teacher on the same page see each other, see which cell the other
 * is on, and see the marker follow the other's cursor; when one leaves, the
 * other sees it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startServer, type ServerProcess } from "../support/server-process.ts";
import { closeAll, launchBrowser, signInAs, type Person } from "../support/browser.ts";
import { me, signIn } from "../support/clients.ts";
import type { PageSummary } from "../../shared/api.ts";

let server: ServerProcess;
let browser: Browser;
let russian5a: PageSummary;
const surnames: Record<string, string> = {};
const people: Person[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  for (const login of ["petrov", "ivanova"]) {
    const info = await me(server.url, await signIn(server.url, login));
    surnames[login] = info.user.fullName.split(" ")[0]!;
    if (login === "petrov") russian5a = info.pages.find((p) => p.className === "5А" && p.subjectName === "Русский язык")!;
  }
});
afterAll(() => closeAll(browser, server, people));

async function onPage(login: string): Promise<Person> {
  const p = await signInAs(browser, server, login);
  people.push(p);
  await p.page.click(`a[data-page-id="${russian5a.pageId}"]`);
  await p.page.waitForSelector('table[role="grid"] td[data-student-id]');
  return p;
}

/** The cells of this grid that show someone else, with whom. */
const marked = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>("td[data-others]")].map((td) => ({
      key: `${td.dataset.studentId}:${td.dataset.lessonId}`,
      others: td.dataset.others!,
      tag: td.querySelector(".presence-tag")?.getAttribute("aria-label") ?? null,
    })),
  );

/** The key of the cell under this grid's cursor. */
const cursor = (page: Page) => page.getAttribute("input.cell-input", "data-cell-input");

describe("presence on a journal page", () => {
  it("two teachers on one page see each other and the cell each is on; the marker follows the other's moves and goes when the other leaves", async () => {
    const subject = await onPage("petrov");
    const classTeacher = await onPage("ivanova");
    const a = subject.page;
    const b = classTeacher.page;

    // Each sees the other on the page.
    await b.locator('[data-testid="presence"]').filter({ hasText: surnames.petrov! }).waitFor({ timeout: 10_000 });
    await a.locator('[data-testid="presence"]').filter({ hasText: surnames.ivanova! }).waitFor({ timeout: 10_000 });
    expect(await a.locator('[data-testid="presence"]').textContent()).not.toContain(surnames.petrov!);

    // The subject teacher goes to a cell: the class teacher sees the marker on that cell, and only there.
    await a.locator("td[data-student-id]").nth(3).click();
    const first = (await cursor(a))!;
    await expect.poll(() => marked(b), { timeout: 10_000 }).toEqual([{ key: first, others: expect.stringContaining(surnames.petrov!), tag: expect.stringContaining(surnames.petrov!) }]);

    // It moves as the subject teacher moves: down a row, then right.
    await a.keyboard.press("ArrowDown");
    await a.keyboard.press("ArrowRight");
    const second = (await cursor(a))!;
    expect(second).not.toBe(first);
    await expect.poll(async () => (await marked(b)).map((m) => m.key), { timeout: 10_000 }).toEqual([second]);

    // The other way round: the class teacher's cursor shows in the subject teacher's grid.
    await b.locator("td[data-student-id]").nth(7).click();
    const hers = (await cursor(b))!;
    await expect.poll(async () => (await marked(a)).map((m) => [m.key, m.others.includes(surnames.ivanova!)]), { timeout: 10_000 }).toEqual([[hers, true]]);

    // The subject teacher leaves the page: gone from the class teacher's grid and list.
    await a.close();
    await expect.poll(() => marked(b), { timeout: 10_000 }).toEqual([]);
    await expect.poll(() => b.locator('[data-testid="presence"]').count(), { timeout: 10_000 }).toBe(0);
  });
});
