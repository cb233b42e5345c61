/**
 * School-local dates and times. The rules speak of "the lesson's day" and
 * "the lesson has started" in the school's time zone, whatever the clock of
 * the machine that checks them.
 */
export interface LocalTime {
  /** YYYY-MM-DD */
  date: string;
  /** Minutes since local midnight. */
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Recent answers by zone and minute: every edit asks, and Intl is slow next to the rest of a check. */
const recent = new Map<string, LocalTime>();

export function localTime(ms: number, timeZone: string): LocalTime {
  const key = `${timeZone} ${Math.floor(ms / 60_000)}`;
  const hit = recent.get(key);
  if (hit) return { ...hit };
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const time = { date: `${parts.year}-${parts.month}-${parts.day}`, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
  if (recent.size >= 4096) recent.clear();
  recent.set(key, time);
  return { ...time };
}

/** "08:30" -> 510 */
export function parseClock(hhmm: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m) throw new Error(`not a clock time: ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export function compareLocal(a: LocalTime, b: LocalTime): number {
  return a.date === b.date ? a.minutes - b.minutes : a.date < b.date ? -1 : 1;
}

/** Working days (Mon-Fri) from `from` to `to`, both ISO dates, `to` exclusive of `from`: 0 on the same day. */
export function workingDaysBetween(from: string, to: string): number {
  let n = 0;
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`) + 86_400_000; t <= end; t += 86_400_000) {
    const wd = new Date(t).getUTCDay();
    if (wd >= 1 && wd <= 5) n++;
  }
  return n;
}
