/**
 * A year-sized page in Chromium (J1): 5А's mathematics with 35 students and
 * its whole year of lessons (5 a week, 170+) on one page. Only the cells in
 * view are in the DOM; the names and the period columns stay put while the
 * lessons scroll; the keyboard reaches the far corners and every move shows
 * the focused cell; ARIA keeps the full size and each cell's position.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { startServer, type ServerProcess } from "../support/server-process.ts";
import { closeAll, launchBrowser, signInAs, type Person } from "../support/browser.ts";
import { me, signIn } from "../support/clients.ts";
import type { PageSummary } from "../../shared/api.ts";

let server: ServerProcess;
let browser: Browser;
let math5a: PageSummary;
let lessonCount = 0;
const people: Person[] = [];

const NAMES = ["Орлов", "Павлова", "Романов", "Соколова", "Тихонов", "Уварова", "Фёдоров", "Харитонова", "Цветков", "Чернова", "Шилов", "Щукина", "Юдин", "Яковлева"];

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  // The demo 5А has a dozen students: the school takes in more, up to 35, before anyone opens the page.
  const db = new Database(join(server.dataDir, "journal.sqlite"));
  try {
    const cls = db.prepare("SELECT id FROM classes WHERE name = '5А'").get() as { id: number };
    const have = (db.prepare("SELECT COUNT(*) AS n FROM students WHERE class_id = ?").get(cls.id) as { n: number }).n;
    const add = db.prepare("INSERT INTO students (class_id, surname, name, patronymic, sex, born_on) VALUES (?, ?, ?, ?, ?, ?)");
    for (let i = have; i < 35; i++) add.run(cls.id, `${NAMES[i % NAMES.length]}${i >= NAMES.length + 12 ? "-Младший" : ""}`, `Ученик${i}`, "Иванович", "м", "2015-03-01");
    const page = db.prepare("SELECT p.id FROM pages p JOIN subjects s ON s.id = p.subject_id WHERE p.class_id = ? AND s.name = 'Математика'").get(cls.id) as { id: number };
    // A year of 5 hours a week is about 166 lessons here; a school with more (extra lessons in the 7th slot) reaches 175.
    const dates = db.prepare("SELECT DISTINCT held_on FROM lessons WHERE page_id = ? ORDER BY held_on").all(page.id) as Array<{ held_on: string }>;
    const count = () => (db.prepare("SELECT COUNT(*) AS n FROM lessons WHERE page_id = ?").get(page.id) as { n: number }).n;
    const extra = db.prepare("INSERT INTO lessons (page_id, held_on, slot) VALUES (?, ?, 7)");
    for (const d of dates.slice(0, Math.max(0, 175 - count()))) extra.run(page.id, d.held_on);
    lessonCount = count();
  } finally {
    db.close();
  }
  math5a = (await me(server.url, await signIn(server.url, "ivanova"))).pages.find((p) => p.className === "5А" && p.subjectName === "Математика")!;
});
afterAll(() => closeAll(browser, server, people));

async function openYear(page: Page): Promise<void> {
  await page.click(`a[data-page-id="${math5a.pageId}"]`);
  await page.waitForSelector('table[role="grid"] td[data-student-id]');
  await page.selectOption('select[name="period"]', "year");
  await expect.poll(() => page.getAttribute('table[role="grid"]', "aria-colcount")).toBe(String(1 + lessonCount + 3 + 4));
}

/** Geometry of the scroller, the focused element's cell, the name and the last period column of the row on screen. */
function layout(page: Page) {
  return page.evaluate(() => {
    const scroller = document.querySelector<HTMLElement>('[data-testid="grid-scroll"]')!;
    const box = scroller.getBoundingClientRect();
    // The keyboard is in the cell editor, which lies over the cursor's cell and names it (aria-activedescendant); a reader's keyboard is on the cell.
    const active = document.activeElement;
    const named = active?.getAttribute("aria-activedescendant");
    const td = named ? (document.getElementById(named) as HTMLTableCellElement | null) : active?.closest("td");
    const editor = active?.tagName === "INPUT" ? active.getBoundingClientRect() : null;
    const cell = td?.getBoundingClientRect();
    const row = td?.closest("tr");
    const name = row?.querySelector("th.name-col")?.getBoundingClientRect();
    const stats = row ? [...row.querySelectorAll<HTMLElement>(".stat")] : [];
    return {
      scroller: { left: box.left + scroller.clientLeft, top: box.top, right: box.left + scroller.clientLeft + scroller.clientWidth, bottom: box.top + scroller.clientHeight },
      cell: cell && { left: cell.left, right: cell.right, top: cell.top, bottom: cell.bottom },
      col: td?.getAttribute("aria-colindex"),
      rowIndex: row?.getAttribute("aria-rowindex"),
      editor: editor && { left: editor.left, right: editor.right, top: editor.top, bottom: editor.bottom },
      nameRight: name?.right ?? 0,
      nameLeft: name?.left ?? 0,
      statsLeft: stats[0]?.getBoundingClientRect().left ?? 0,
      statsRight: stats.at(-1)?.getBoundingClientRect().right ?? 0,
      rendered: document.querySelectorAll('td[role="gridcell"]').length,
    };
  });
}

describe("a year on one page (J1)", () => {
  it("35 students × 170+ lessons: only what is in view is rendered; names and period columns stay fixed; the keyboard reaches every corner", async () => {
    expect(lessonCount).toBeGreaterThanOrEqual(170);
    const teacher = await signInAs(browser, server, "ivanova");
    people.push(teacher);
    const page = teacher.page;
    await openYear(page);
    expect(await page.getAttribute('table[role="grid"]', "aria-rowcount")).toBe("36");

    // A small window of the 35 × 170+ cells is in the DOM.
    const first = await layout(page);
    expect(first.rendered).toBeGreaterThan(0);
    expect(first.rendered).toBeLessThan((35 * lessonCount) / 4);

    // Every rendered cell knows its place in the whole grid.
    const places = await page.$$eval('td[role="gridcell"]', (tds) => tds.slice(0, 50).map((td) => [td.getAttribute("aria-colindex"), td.closest("tr")!.getAttribute("aria-rowindex")]));
    for (const [col, row] of places) {
      expect(Number(col)).toBeGreaterThanOrEqual(2);
      expect(Number(row)).toBeGreaterThanOrEqual(2);
    }

    // Into the grid, then to the first lesson of the year: the cell shows, right of the names.
    await page.locator("td[data-student-id]").first().click();
    await page.keyboard.press("Control+Home");
    let at = await layout(page);
    expect(at.col).toBe("2");
    expect(at.rowIndex).toBe("2");
    expect(at.cell!.left).toBeGreaterThanOrEqual(at.nameRight - 1);
    expect(Math.round(at.nameLeft)).toBe(Math.round(at.scroller.left));

    // To the last lesson and the last student: each move scrolls the focused cell into view.
    await page.keyboard.press("Control+End");
    at = await layout(page);
    expect(at.col).toBe(String(1 + lessonCount));
    expect(at.rowIndex).toBe("36");
    expect(at.cell!.right).toBeLessThanOrEqual(at.statsLeft + 1);
    expect(at.cell!.bottom).toBeLessThanOrEqual(at.scroller.bottom + 1);
    // The editor lies on that cell.
    expect(at.editor!.left).toBeGreaterThanOrEqual(at.cell!.left);
    expect(at.editor!.right).toBeLessThanOrEqual(at.cell!.right);
    expect(at.editor!.top).toBeGreaterThanOrEqual(at.cell!.top);
    expect(at.editor!.bottom).toBeLessThanOrEqual(at.cell!.bottom);
    // The names stay at the left edge, the period columns at the right edge.
    expect(Math.round(at.nameLeft)).toBe(Math.round(at.scroller.left));
    expect(Math.abs(at.statsRight - at.scroller.right)).toBeLessThanOrEqual(1);
    expect(at.rendered).toBeLessThan((35 * lessonCount) / 4);

    // Up a page and left along the row: still in view at every step.
    await page.keyboard.press("PageUp");
    for (let i = 0; i < 30; i++) await page.keyboard.press("ArrowLeft");
    at = await layout(page);
    expect(at.col).toBe(String(1 + lessonCount - 30));
    expect(at.cell!.left).toBeGreaterThanOrEqual(at.nameRight - 1);
    expect(at.cell!.right).toBeLessThanOrEqual(at.statsLeft + 1);
    expect(at.cell!.top).toBeGreaterThanOrEqual(at.scroller.top);

    // Scrolling with the wheel or the scroll bar: the middle of the view is always real cells, never a blank spacer.
    for (const fraction of [0.25, 0.5, 0.9]) {
      const hit = await page.evaluate(async (f) => {
        const scroller = document.querySelector<HTMLElement>('[data-testid="grid-scroll"]')!;
        // The first frame after the scroll event was delivered (on a loaded machine it may come a frame late).
        const scrolled = new Promise((r) => scroller.addEventListener("scroll", r, { once: true }));
        scroller.scrollTop = (scroller.scrollHeight - scroller.clientHeight) * f;
        scroller.scrollLeft = (scroller.scrollWidth - scroller.clientWidth) * f;
        await scrolled;
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        const box = scroller.getBoundingClientRect();
        const el = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        return { role: el?.closest("td")?.getAttribute("role") ?? null, rendered: document.querySelectorAll('td[role="gridcell"]').length };
      }, fraction);
      expect(hit.role).toBe("gridcell");
      expect(hit.rendered).toBeLessThan((35 * lessonCount) / 4);
    }

    // The keyboard still works after the focused cell scrolled away: the next key brings it back.
    await page.keyboard.press("ArrowRight");
    at = await layout(page);
    expect(at.col).toBe(String(1 + lessonCount - 29));
    expect(at.cell!.left).toBeGreaterThanOrEqual(at.nameRight - 1);
  });
});
