/**
 * Reports in Chromium: the deputy reads the school-wide report (Rep1) and a
 * teacher's monitoring (Rep2); the class teacher reads the class report and
 * opens the browser's print layout of a page (Ar1), which in print media
 * shows only the journal's sheets, like the PDF.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startServer, TEST_TODAY, type ServerProcess } from "../support/server-process.ts";
import { closeAll, launchBrowser, signInAs, type Person } from "../support/browser.ts";
import { writePage } from "../support/demo-entries.ts";
import { cellKey, lessonsMap, periodMarksMap } from "../../shared/journal-schema.ts";

let server: ServerProcess;
let browser: Browser;
const people: Person[] = [];
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  await writePage(server, "ivanova", "5А", "Математика", (c) => {
    const q2 = c.periods.find((p) => p.start <= TEST_TODAY && TEST_TODAY <= p.end)!;
    ["5", "4", "2"].forEach((v, i) => periodMarksMap(c.doc).set(cellKey(c.roster[i]!.id, q2.id), { value: v, at: c.now, by: c.userId }));
    lessonsMap(c.doc).get(c.lessons.find((l) => l.date === TEST_TODAY)!.id)!.set("topic", "Вычитание дробей");
  });
}, 60_000);
afterAll(() => closeAll(browser, server, people));

describe("reports on screen (Rep1, Rep2, Ar1)", () => {
  it("Rep1, Rep2: the deputy reads the school-wide report and a teacher's monitoring", async () => {
    const deputy = await signInAs(browser, server, "deputy");
    people.push(deputy);
    await deputy.page.click('[data-testid="reports-link"]');
    await deputy.page.click('button[data-tab="school"]');
    const table = deputy.page.locator('[data-testid="school-report"]');
    await table.waitFor();
    // 5А: three attested (5, 4, 2): quality 2 of 3 = 66.7 %, success 2 of 3 = 66.7 %.
    await expect.poll(() => table.locator("tbody tr", { hasText: "5А" }).innerText()).toMatch(/5А\s+12\s+3\s+1\s+1\s+0\s+1\s+66\.7\s+66\.7/);
    expect(await table.locator("tfoot").innerText()).toContain("Итого по школе");
    expect(await deputy.page.locator('a[href^="/api/reports/school.csv"]').count()).toBe(1);

    await deputy.page.click('button[data-tab="monitoring"]');
    await deputy.page.locator('[data-testid="monitoring"]').waitFor();
    expect(await deputy.page.locator("select").first().locator("option").count()).toBeGreaterThan(1);
  });

  it("Rep1, Ar1: the class teacher reads the class report and prints a page: in print media only the sheets show", async () => {
    const ivanova = await signInAs(browser, server, "ivanova");
    people.push(ivanova);
    await ivanova.page.click('[data-testid="reports-link"]');
    await ivanova.page.locator('[data-testid="class-report"]').waitFor();
    expect(await ivanova.page.locator('button[data-tab="school"]').count()).toBe(0);
    await expect.poll(() => ivanova.page.locator('[data-testid="quality"]').innerText()).toBe("66.7 %");
    await ivanova.page.locator('[data-testid="class-report"] thead a[href^="#/print/"]').first().click();
    await ivanova.page.locator('[data-testid="print-sheet"]').first().waitFor();
    // 39 lessons in the quarter: 2 sheets of at most 25 columns, as in the PDF.
    expect(await ivanova.page.locator('[data-testid="print-sheet"]').count()).toBe(2);
    expect(await ivanova.page.locator(".print-lessons").first().innerText()).toContain("Вычитание дробей");
    await ivanova.page.emulateMedia({ media: "print" });
    expect(await ivanova.page.locator(".app-head").isVisible()).toBe(false);
    expect(await ivanova.page.locator(".no-print").first().isVisible()).toBe(false);
    expect(await ivanova.page.locator('[data-testid="certification"]').innerText()).toContain("Директор");
  });
});
