/**
 * Work that must not hold up the frame a keystroke asks for (telling others
 * where the cursor is, storing an edit on the device): it runs once that frame
 * is painted. A hidden tab paints no frames, so a timer is the fallback.
 */
const FALLBACK_MS = 100;

export function afterPaint(fn: () => void): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    fn();
  };
  if (typeof requestAnimationFrame === "function") requestAnimationFrame(() => setTimeout(run, 0));
  setTimeout(run, FALLBACK_MS);
}

/** The latest value, handed to `apply` after the next paint; values given in between replace each other. */
export function createAfterPaint<T>(apply: (value: T) => void): (value: T) => void {
  let pending: { value: T } | null = null;
  return (value) => {
    const scheduled = pending !== null;
    pending = { value };
    if (scheduled) return;
    afterPaint(() => {
      const p = pending!;
      pending = null;
      apply(p.value);
    });
  };
}
