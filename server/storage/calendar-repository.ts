/**
 * P1, P3: the stored calendar of each academic year (periods, days off, moved
 * days, bells). The server's notion of which dates hold lessons comes from here.
 */
import type { SqlDatabase } from "./sql-database.ts";
import type { Bell } from "../../shared/school-rules.ts";
import type { YearCalendar, YearPeriodKind } from "../../shared/calendar.ts";

export interface YearSummary {
  yearId: string;
  name: string;
  start: string;
  end: string;
  periodKind: YearPeriodKind;
  classes: number;
}

export interface StoredYear extends YearCalendar {
  yearId: string;
  /** Bells of the year itself; when empty the school's bells apply. */
  ownBells: boolean;
  periodIds: string[];
}

export class CalendarRepository {
  constructor(private readonly db: SqlDatabase) {}

  years(): YearSummary[] {
    type Row = { id: number; name: string; starts_on: string; ends_on: string; period_kind: YearPeriodKind; classes: number };
    return this.db
      .prepare<[], Row>(
        `SELECT y.id, y.name, y.starts_on, y.ends_on, y.period_kind, (SELECT COUNT(*) FROM classes c WHERE c.year_id = y.id) AS classes
         FROM academic_years y ORDER BY y.starts_on`,
      )
      .all()
      .map((r) => ({ yearId: String(r.id), name: r.name, start: r.starts_on, end: r.ends_on, periodKind: r.period_kind, classes: r.classes }));
  }

  /** The year, with the school's bells standing in when it has none of its own. */
  year(yearId: string, schoolBells: readonly Bell[]): StoredYear | null {
    const y = this.db
      .prepare<[string], { id: number; name: string; starts_on: string; ends_on: string; period_kind: YearPeriodKind }>(
        "SELECT id, name, starts_on, ends_on, period_kind FROM academic_years WHERE id = ?",
      )
      .get(yearId);
    if (!y) return null;
    const periods = this.db
      .prepare<[number], { id: number; name: string; starts_on: string; ends_on: string }>("SELECT id, name, starts_on, ends_on FROM periods WHERE year_id = ? ORDER BY ord")
      .all(y.id);
    const daysOff = this.db
      .prepare<[number], { starts_on: string; ends_on: string; name: string }>("SELECT starts_on, ends_on, name FROM year_days_off WHERE year_id = ? ORDER BY starts_on, id")
      .all(y.id)
      .map((d) => ({ start: d.starts_on, end: d.ends_on, name: d.name }));
    const moves = this.db
      .prepare<[number], { on_date: string; as_weekday: number | null }>("SELECT on_date, as_weekday FROM year_moved_days WHERE year_id = ? ORDER BY on_date")
      .all(y.id)
      .map((m) => ({ date: m.on_date, asWeekday: m.as_weekday }));
    const bells = this.bellsOf(String(y.id));
    return {
      yearId: String(y.id), name: y.name, start: y.starts_on, end: y.ends_on, periodKind: y.period_kind,
      periods: periods.map((p) => ({ name: p.name, start: p.starts_on, end: p.ends_on })), periodIds: periods.map((p) => String(p.id)),
      daysOff, moves, bells: bells.length > 0 ? bells : [...schoolBells], ownBells: bells.length > 0,
    };
  }

  bellsOf(yearId: string): Bell[] {
    return this.db
      .prepare<[string], { slot: number; starts_at: string; ends_at: string }>("SELECT slot, starts_at, ends_at FROM year_bells WHERE year_id = ? ORDER BY slot")
      .all(yearId)
      .map((b) => ({ slot: b.slot, start: b.starts_at, end: b.ends_at }));
  }

  yearOfClass(classId: string): string | null {
    const row = this.db.prepare<[string], { year_id: number }>("SELECT year_id FROM classes WHERE id = ?").get(classId);
    return row ? String(row.year_id) : null;
  }

  classIdsOfYear(yearId: string): string[] {
    return this.db.prepare<[string], { id: number }>("SELECT id FROM classes WHERE year_id = ? ORDER BY id").all(yearId).map((r) => String(r.id));
  }

  /** Marks or other entries keyed by the year's periods exist once any page does. */
  yearInUse(yearId: string): boolean {
    return this.db.prepare<[string], { one: number }>("SELECT 1 AS one FROM classes WHERE year_id = ? LIMIT 1").get(yearId) !== undefined;
  }

  createYear(cal: YearCalendar): string {
    return this.db.transaction(() => {
      const id = Number(
        this.db.prepare("INSERT INTO academic_years (name, starts_on, ends_on, period_kind) VALUES (?, ?, ?, ?)").run(cal.name, cal.start, cal.end, cal.periodKind).lastInsertRowid,
      );
      this.writeParts(id, cal, []);
      return String(id);
    })();
  }

  /** Periods keep their ids (period marks refer to them), in order; the other parts are replaced. */
  updateYear(yearId: string, cal: YearCalendar): void {
    this.db.transaction(() => {
      const id = Number(yearId);
      this.db.prepare("UPDATE academic_years SET name = ?, starts_on = ?, ends_on = ?, period_kind = ? WHERE id = ?").run(cal.name, cal.start, cal.end, cal.periodKind, id);
      const existing = this.db.prepare<[number], { id: number }>("SELECT id FROM periods WHERE year_id = ? ORDER BY ord").all(id).map((p) => p.id);
      this.db.prepare("DELETE FROM year_days_off WHERE year_id = ?").run(id);
      this.db.prepare("DELETE FROM year_moved_days WHERE year_id = ?").run(id);
      this.db.prepare("DELETE FROM year_bells WHERE year_id = ?").run(id);
      this.writeParts(id, cal, existing);
    })();
  }

  private writeParts(yearId: number, cal: YearCalendar, existingPeriods: number[]): void {
    cal.periods.forEach((p, i) => {
      const periodId = existingPeriods[i];
      if (periodId !== undefined) this.db.prepare("UPDATE periods SET name = ?, starts_on = ?, ends_on = ?, ord = ? WHERE id = ?").run(p.name, p.start, p.end, i + 1, periodId);
      else this.db.prepare("INSERT INTO periods (year_id, name, starts_on, ends_on, ord) VALUES (?, ?, ?, ?, ?)").run(yearId, p.name, p.start, p.end, i + 1);
    });
    for (const extra of existingPeriods.slice(cal.periods.length)) this.db.prepare("DELETE FROM periods WHERE id = ?").run(extra);
    const dayOff = this.db.prepare("INSERT INTO year_days_off (year_id, starts_on, ends_on, name) VALUES (?, ?, ?, ?)");
    for (const d of cal.daysOff) dayOff.run(yearId, d.start, d.end, d.name);
    const move = this.db.prepare("INSERT INTO year_moved_days (year_id, on_date, as_weekday) VALUES (?, ?, ?)");
    for (const m of cal.moves) move.run(yearId, m.date, m.asWeekday);
    const bell = this.db.prepare("INSERT INTO year_bells (year_id, slot, starts_at, ends_at) VALUES (?, ?, ?, ?)");
    for (const b of cal.bells) bell.run(yearId, b.slot, b.start, b.end);
  }
}
