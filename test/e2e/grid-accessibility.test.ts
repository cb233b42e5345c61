/**
 * The journal page on the screens teachers have: a 1280x800 laptop, a
 * 768-wide tablet held upright, and the laptop at 200 % zoom (its CSS
 * viewport halves). The page never scrolls sideways (the grid scrolls inside
 * its own box), the essential controls are on screen, and the focused cell
 * shows a clear focus outline.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startServer, type ServerProcess } from "../support/server-process.ts";
import { closeAll, launchBrowser, signInAs, type Person } from "../support/browser.ts";
import { me, signIn } from "../support/clients.ts";
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

// 200 % zoom on a 1280x800 screen: CSS px are twice as large, so the layout gets 640x400 of them.
const SCREENS = [
  { name: "laptop 1280x800", width: 1280, height: 800 },
  { name: "tablet 768x1024", width: 768, height: 1024 },
  { name: "laptop at 200 % zoom", width: 640, height: 400 },
];

describe("the journal page on a laptop, a tablet and at 200 % zoom", () => {
  for (const screen of SCREENS) {
    it(`${screen.name}: nothing overflows the page, the essential controls are on screen, the focused cell is outlined`, async () => {
      const teacher = await signInAs(browser, server, "ivanova");
      people.push(teacher);
      const page = teacher.page;
      await page.setViewportSize({ width: screen.width, height: screen.height });
      await page.click(`a[data-page-id="${math5a.pageId}"]`);
      await page.waitForSelector('table[role="grid"] td[data-student-id]');
      await page.selectOption('select[name="period"]', "year");

      const layout = await page.evaluate(() => {
        const inside = (sel: string) => {
          const el = document.querySelector(sel);
          if (!el) return `${sel}: missing`;
          const r = el.getBoundingClientRect();
          return r.left >= 0 && r.right <= window.innerWidth + 0.5 && r.width > 0 ? null : `${sel}: ${Math.round(r.left)}..${Math.round(r.right)} of ${window.innerWidth}`;
        };
        const scroller = document.querySelector<HTMLElement>('[data-testid="grid-scroll"]')!.getBoundingClientRect();
        return {
          pageScrollsSideways: document.documentElement.scrollWidth > window.innerWidth,
          outside: ['select[name="period"]', 'select[name="work-type"]', '[data-testid="sign-out"]', '[data-testid="grid-scroll"]', "th.name-col", ".stat.final"].map(inside).filter(Boolean),
          // Room for lessons between the names and the period columns: at least a few columns.
          lessonRoom: (() => {
            const row = document.querySelector("tbody tr[aria-rowindex]")!;
            const name = row.querySelector("th.name-col")!.getBoundingClientRect();
            const stat = row.querySelector(".stat")!.getBoundingClientRect();
            return stat.left - name.right;
          })(),
          gridHeight: scroller.height,
        };
      });
      expect(layout.pageScrollsSideways).toBe(false);
      expect(layout.outside).toEqual([]);
      expect(layout.lessonRoom).toBeGreaterThanOrEqual(3 * 44);
      expect(layout.gridHeight).toBeGreaterThan(3 * 32);

      // Keyboard focus is visible: the focused cell's editor carries a 3 px outline.
      await page.locator('td[role="gridcell"]').first().click();
      await page.keyboard.press("ArrowRight");
      const outline = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const style = getComputedStyle(el);
        return { tag: el.tagName, width: parseFloat(style.outlineWidth), styleName: style.outlineStyle };
      });
      expect(outline.tag).toBe("INPUT");
      expect(outline.width).toBeGreaterThanOrEqual(2);
      expect(outline.styleName).not.toBe("none");
    });
  }
});
