/**
 * The arithmetic of a virtualized grid with fixed row height and column
 * width: which items a scroll position shows, and where to scroll to bring
 * one into view. Pure, so it is tested without a browser.
 */

export interface Span {
  /** First index rendered (inclusive). */
  start: number;
  /** One past the last index rendered. */
  end: number;
}

/**
 * Items visible in a viewport of `size` px scrolled to `offset`, plus
 * `overscan` on each side. A viewport of unknown size (0: not laid out, as in
 * jsdom) shows everything: correctness first, the window is an optimization.
 */
export function visibleSpan(offset: number, size: number, itemSize: number, count: number, overscan: number): Span {
  if (size <= 0 || count === 0) return { start: 0, end: count };
  // An offset past the end (the list just got shorter) shows its tail until the browser clamps the scroll.
  const first = Math.min(count, Math.floor(Math.max(0, offset) / itemSize));
  const last = Math.ceil((Math.max(0, offset) + size) / itemSize);
  return { start: Math.max(0, first - overscan), end: Math.min(count, last + overscan) };
}

/** The scroll offset that shows item `index` whole, moving as little as possible. */
export function revealOffset(index: number, offset: number, size: number, itemSize: number): number {
  const top = index * itemSize;
  const bottom = top + itemSize;
  if (size <= 0) return offset;
  if (top < offset) return top;
  if (bottom > offset + size) return Math.max(0, bottom - size);
  return offset;
}

export function range(span: Span): number[] {
  const out: number[] = [];
  for (let i = span.start; i < span.end; i++) out.push(i);
  return out;
}

export const sameSpan = (a: Span, b: Span): boolean => a.start === b.start && a.end === b.end;
