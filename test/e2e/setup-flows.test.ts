/**
 * Issue 5 (set-up) in Chromium: an administrator creates next year's calendar
 * (a refused overlap first, shown by field), a class with a class teacher, a
 * subject and its teacher, and the class's timetable; the teacher then finds
 * the page with lesson columns on the timetable's weekdays (P1-P3, J1). The
 * deputy gives a lesson to a substitute on the day's screen (R6).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Locator } from "playwright-core";
import { startServer, TEST_TODAY, type ServerProcess } from "../support/server-process.ts";
import { closeAll, launchBrowser, signInAs, type Person } from "../support/browser.ts";

let server: ServerProcess;
let browser: Browser;
const people: Person[] = [];
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
afterAll(() => closeAll(browser, server, people));

/** Chooses the option whose text starts with `text`. */
async function choose(select: Locator, text: string): Promise<void> {
  const value = await select.evaluate((el, t) => [...(el as HTMLSelectElement).options].find((o) => o.text.startsWith(t))?.value ?? "", text);
  expect(value).not.toBe("");
  await select.selectOption(value);
}

describe("school set-up (issue 5)", () => {
  it("P1, P2, P3, J1: an administrator creates a year, a class with a subject and a teacher, and a timetable; the lessons appear as the page's columns", async () => {
    const admin = await signInAs(browser, server, "admin");
    people.push(admin);
    const a = admin.page;
    await a.click('[data-testid="setup-link"]');
    await a.waitForSelector('[data-testid="year-setup"] [data-year="2026/2027"]');
    await a.click('[data-testid="new-year"]');
    // The form comes prefilled as the usual year after the last one.
    await expect.poll(() => a.locator('input[name="year-name"]').inputValue()).toBe("2027/2028");
    await expect.poll(() => a.locator('input[name="year-start"]').inputValue()).toBe("2027-09-01");

    // An overlap is refused and named.
    await a.fill('input[aria-label="Начало периода 2"]', "2027-10-20");
    await a.click('[data-testid="save-year"]');
    await expect.poll(() => a.locator('[data-testid="refusal"] [data-field="periods.1.start"]').textContent()).toContain("Период 2, начало");
    await a.fill('input[aria-label="Начало периода 2"]', "2027-11-03");
    await a.click('[data-testid="save-year"]');
    await a.waitForSelector('[data-testid="year-saved"]');
    await a.waitForSelector('[data-year="2027/2028"][aria-current="page"]');

    // A class with its class teacher, a subject, the teaching load.
    const cls = a.locator('[data-testid="new-class"]');
    await cls.locator('input[name="class-name"]').fill("7В");
    await cls.locator('select[name="class-grade"]').selectOption("7");
    await choose(cls.locator('select[name="class-teacher"]'), "Кузнецова");
    await cls.locator('button[type="submit"]').click();
    await a.waitForSelector('tr[data-class="7В"]');
    const subject = a.locator('[data-testid="new-subject"]');
    await subject.locator('input[name="subject-name"]').fill("Информатика");
    await subject.locator('button[type="submit"]').click();
    await expect.poll(() => a.locator('[data-testid="subjects"]').textContent()).toContain("Информатика");
    const load = a.locator('[data-testid="new-load"]');
    await choose(load.locator('select[name="load-class"]'), "7В");
    await choose(load.locator('select[name="load-subject"]'), "Информатика");
    await choose(load.locator('select[name="load-teacher"]'), "Кузнецова");
    await load.locator('button[type="submit"]').click();
    await a.waitForSelector('[data-testid="load"] tr[data-page] >> text=Информатика');

    // The timetable: Monday's 2nd lesson and Thursday's 3rd.
    await a.click('a[data-timetable="7В"]');
    await a.waitForSelector('[data-testid="timetable"] select[data-cell="1:2"]');
    await choose(a.locator('select[data-cell="1:2"]'), "Информатика");
    await choose(a.locator('select[data-cell="4:3"]'), "Информатика");
    await a.click('[data-testid="save-timetable"]');
    await expect.poll(() => a.locator('[data-testid="timetable-saved"]').textContent(), { timeout: 15_000 }).toMatch(/добавлено \d{2,}/);
    expect(admin.errors).toEqual([]);

    // The teacher opens the new page: its columns are the first quarter's Mondays and Thursdays.
    const teacher = await signInAs(browser, server, "kuznetsova");
    people.push(teacher);
    const t = teacher.page;
    await t.click('a[data-page-id] >> text=7В — Информатика');
    await t.waitForSelector("th[data-lesson-id]");
    const dates = await t.$$eval("th[data-lesson-id]", (ths) => ths.map((th) => (th as HTMLElement).dataset.lessonDate!));
    expect(dates[0]).toBe("2027-09-02");
    expect(dates).toContain("2027-09-06");
    expect(dates.every((d) => [1, 4].includes(new Date(`${d}T00:00:00Z`).getUTCDay()))).toBe(true);
    expect(dates.every((d) => d >= "2027-09-01" && d <= "2027-10-24")).toBe(true);
    expect(dates.length).toBeGreaterThanOrEqual(14);
    expect(teacher.errors).toEqual([]);
  });

  it("R6: the deputy gives today's lesson to a substitute with a reason on the day's screen, and can take it back", async () => {
    const deputy = await signInAs(browser, server, "deputy");
    people.push(deputy);
    const d = deputy.page;
    await d.click('[data-testid="substitutions-link"]');
    const row = d.locator("tr[data-lesson]", { hasText: "5А" }).filter({ hasText: "Математика" }).first();
    await row.waitFor();
    await expect.poll(() => d.locator('input[name="date"]').inputValue()).toBe(TEST_TODAY);
    await choose(row.locator('select[aria-label="Кто заменяет"]'), "Петров");
    await row.locator('input[aria-label="Причина"]').fill("Болезнь учителя");
    await row.locator('button[type="submit"]').click();
    // The first change of the day loads the class's diaries to show the substitute there: give it time.
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain("Болезнь учителя");
    await row.locator("button", { hasText: "Отменить замену" }).click();
    await row.locator('select[aria-label="Кто заменяет"]').waitFor({ timeout: 15_000 });
    expect(deputy.errors).toEqual([]);
  });
});
