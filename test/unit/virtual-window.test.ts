/**
 * The grid's window arithmetic: a year-sized page renders only what is in
 * view, and keyboard moves scroll just enough to show the focused cell.
 */
import { describe, expect, it } from "vitest";
import { range, revealOffset, visibleSpan } from "../../client/components/virtual-window.ts";

describe("the grid's virtual window", () => {
  it("shows the items in view plus the overscan, never past either end", () => {
    expect(visibleSpan(0, 320, 32, 35, 2)).toEqual({ start: 0, end: 12 });
    expect(visibleSpan(320, 320, 32, 35, 2)).toEqual({ start: 8, end: 22 });
    expect(visibleSpan(10_000, 320, 32, 35, 2)).toEqual({ start: 33, end: 35 });
    expect(visibleSpan(30 * 32, 320, 32, 35, 2)).toEqual({ start: 28, end: 35 });
  });

  it("a half-visible item at either edge is rendered", () => {
    expect(visibleSpan(16, 100, 32, 170, 0)).toEqual({ start: 0, end: 4 });
  });

  it("renders everything while the viewport has no size yet (not laid out)", () => {
    expect(visibleSpan(0, 0, 44, 170, 3)).toEqual({ start: 0, end: 170 });
  });

  it("scrolls only as far as needed to show an item whole", () => {
    expect(revealOffset(5, 0, 320, 32)).toBe(0);
    expect(revealOffset(10, 0, 320, 32)).toBe(11 * 32 - 320);
    expect(revealOffset(2, 200, 320, 32)).toBe(64);
    expect(revealOffset(169, 0, 880, 44)).toBe(170 * 44 - 880);
  });

  it("range lists a span's indexes", () => {
    expect(range({ start: 3, end: 6 })).toEqual([3, 4, 5]);
  });
});
