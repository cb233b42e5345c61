/**
 * Spreadsheet gestures in Chromium against the real server: a block pasted
 * from a spreadsheet (tab-separated text) lands cell by cell, each checked by
 * the rules, and reaches a colleague; undo takes back the teacher's own
 * edits and never a colleague's (J3, J5, J10). The school keeps the last 30
 * days open (editWindowDays) so the block can go into past lessons.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startServer, TEST_TODAY, type ServerProcess } from "../support/server-process.ts";
import { closeAll, launchBrowser, signInAs, type Person } from "../support/browser.ts";
import { me, setRules, signIn } from "../support/clients.ts";
import type { PageSummary } from "../../shared/api.ts";

let server: ServerProcess;
let browser: Browser;
let russian5a: PageSummary;
const people: Person[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  await setRules(server.url, { editWindowDays: 30 });
  russian5a = (await me(server.url, await signIn(server.url, "petrov"))).pages.find((p) => p.className === "5А" && p.subjectName === "Русский язык")!;
});
afterAll(() => closeAll(browser, server, people));

async function person(login: string): Promise<Page> {
  const p = await signInAs(browser, server, login);
  people.push(p);
  await p.page.click(`a[data-page-id="${russian5a.pageId}"]`);
  await p.page.waitForSelector('table[role="grid"] td[data-student-id]');
  return p.page;
}

const cell = (page: Page, studentId: string, lessonId: string) => page.locator(`td[data-student-id="${studentId}"][data-lesson-id="${lessonId}"]`);
const value = (page: Page, studentId: string, lessonId: string) => cell(page, studentId, lessonId).locator(".value").textContent();

/** Row students and the lessons in view, in column order. */
async function ids(page: Page): Promise<{ students: string[]; lessons: Array<{ id: string; date: string }> }> {
  return page.evaluate(() => ({
    students: [...new Set([...document.querySelectorAll<HTMLElement>("td[data-student-id]")].map((c) => c.dataset.studentId!))],
    lessons: [...document.querySelectorAll<HTMLElement>("th[data-lesson-id]")].map((th) => ({ id: th.dataset.lessonId!, date: th.dataset.lessonDate! })),
  }));
}

/** What the browser delivers when the teacher presses Ctrl+V with text copied from a spreadsheet. */
async function paste(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => {
    const data = new DataTransfer();
    data.setData("text/plain", t);
    document.activeElement!.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

async function copy(page: Page): Promise<string> {
  return page.evaluate(() => {
    const data = new DataTransfer();
    document.activeElement!.dispatchEvent(new ClipboardEvent("copy", { clipboardData: data, bubbles: true, cancelable: true }));
    return data.getData("text/plain");
  });
}

describe("spreadsheet gestures on the grid", () => {
  it("J3: a block pasted from a spreadsheet is written cell by cell, the invalid cell refused, and a colleague sees the rest; copy gives it back", async () => {
    const teacher = await person("petrov");
    const colleague = await person("ivanova");
    const { students, lessons } = await ids(teacher);
    const past = lessons.filter((l) => l.date < TEST_TODAY).map((l) => l.id);
    const [a, b, c] = [past.at(-4)!, past.at(-3)!, past.at(-2)!];
    const [s1, s2, s3] = [students[4]!, students[5]!, students[6]!];

    await cell(teacher, s1, a).click();
    // Windows line ends and a trailing newline, as spreadsheets put them on the clipboard; Latin look-alikes.
    await paste(teacher, "5\t4\th\r\n3\t7\t5/4\r\n\tб\t2\r\n");

    await expect.poll(() => value(teacher, s1, a)).toBe("5");
    expect(await value(teacher, s1, b)).toBe("4");
    expect(await value(teacher, s1, c)).toBe("Н");
    expect(await value(teacher, s2, a)).toBe("3");
    expect(await value(teacher, s2, c)).toBe("5/4");
    expect(await value(teacher, s3, b)).toBe("Б");
    expect(await value(teacher, s3, c)).toBe("2");
    // The 7 is refused with its reason, and written nowhere.
    expect(await cell(teacher, s2, b).getAttribute("data-state")).toBe("invalid");
    expect(await value(teacher, s2, b)).toBe("");

    for (const [s, l, v] of [[s1, a, "5"], [s1, c, "Н"], [s2, c, "5/4"], [s3, c, "2"]] as const) {
      await expect.poll(() => value(colleague, s, l), { timeout: 5000 }).toBe(v);
    }
    expect(await value(colleague, s2, b)).toBe("");

    // Selecting the block with Shift+arrows and copying gives the same text back (tab-separated, one line per row).
    await cell(teacher, s1, a).click();
    await teacher.keyboard.press("Shift+ArrowDown");
    await teacher.keyboard.press("Shift+ArrowDown");
    await teacher.keyboard.press("Shift+ArrowRight");
    await teacher.keyboard.press("Shift+ArrowRight");
    expect(await teacher.locator('td[aria-selected="true"]').count()).toBe(9);
    expect(await copy(teacher)).toBe("5\t4\tН\n3\t\t5/4\n\tБ\t2");
  });

  it("J10: undo takes back the teacher's own edits and leaves the class teacher's later change alone; redo brings them back", async () => {
    const teacher = await person("petrov");
    const classTeacher = await person("ivanova");
    const { students, lessons } = await ids(teacher);
    const today = lessons.find((l) => l.date === TEST_TODAY)!.id;
    const [s1, s2] = [students[8]!, students[9]!];

    // The teacher marks an absence and a mark.
    await cell(teacher, s1, today).click();
    await teacher.keyboard.type("н");
    await teacher.keyboard.press("Enter");
    await teacher.keyboard.type("4");
    await teacher.keyboard.press("Enter");
    await expect.poll(() => value(classTeacher, s2, today), { timeout: 5000 }).toBe("4");
    // The class teacher gives the absence its reason (Н -> Б).
    await cell(classTeacher, s1, today).click();
    await classTeacher.keyboard.type("б");
    await classTeacher.keyboard.press("Enter");
    await expect.poll(() => value(teacher, s1, today), { timeout: 5000 }).toBe("Б");

    // Undo: the mark goes; the absence is the class teacher's now, so a second undo leaves it be.
    await cell(teacher, s2, today).click();
    await teacher.keyboard.press("Control+z");
    await expect.poll(() => value(teacher, s2, today)).toBe("");
    await teacher.keyboard.press("Control+z");
    await expect.poll(() => value(classTeacher, s2, today), { timeout: 5000 }).toBe("");
    expect(await value(teacher, s1, today)).toBe("Б");
    expect(await value(classTeacher, s1, today)).toBe("Б");

    // Redo writes the teacher's mark again, everywhere.
    await teacher.keyboard.press("Control+y");
    await expect.poll(() => value(classTeacher, s2, today), { timeout: 5000 }).toBe("4");
    expect(await value(classTeacher, s1, today)).toBe("Б");
  });

  it("J5: Alt+Down opens the work-type picker for the selected marks; the choice retypes them and the keyboard is back in the grid; Escape leaves it unchanged", async () => {
    const teacher = await person("petrov");
    const { students, lessons } = await ids(teacher);
    const today = lessons.find((l) => l.date === TEST_TODAY)!.id;
    const [s1, s2] = [students[0]!, students[1]!];
    await cell(teacher, s1, today).click();
    await teacher.keyboard.type("5");
    await teacher.keyboard.press("Enter");
    await teacher.keyboard.type("4");
    await teacher.keyboard.press("Enter");
    await teacher.keyboard.press("ArrowUp");
    await teacher.keyboard.press("Shift+ArrowUp");

    await teacher.keyboard.press("Alt+ArrowDown");
    expect(await teacher.evaluate(() => (document.activeElement as HTMLSelectElement | null)?.name)).toBe("cell-work-type");
    await teacher.selectOption('select[name="cell-work-type"]', "test");
    await expect.poll(() => cell(teacher, s1, today).getAttribute("data-work-type")).toBe("test");
    expect(await cell(teacher, s2, today).getAttribute("data-work-type")).toBe("test");
    expect(await teacher.evaluate(() => document.activeElement?.classList.contains("cell-input"))).toBe(true);

    // Escape from the picker (a first one closes its open list): back in the grid, nothing changed.
    await teacher.keyboard.press("Alt+ArrowDown");
    expect(await teacher.evaluate(() => (document.activeElement as HTMLSelectElement | null)?.name)).toBe("cell-work-type");
    const inGrid = () => teacher.evaluate(() => document.activeElement?.classList.contains("cell-input") ?? false);
    for (let i = 0; i < 2 && !(await inGrid()); i++) await teacher.keyboard.press("Escape");
    expect(await inGrid()).toBe(true);
    expect(await cell(teacher, s1, today).getAttribute("data-work-type")).toBe("test");
  });
});
