/**
 * Year close and promotion (R1). A year is closed only after its last day.
 * Closing checks the period marks: every student on every page with marks
 * should have one for each period it was on the page (a mark or у/б/н).
 * A real school closes the year after the teachers' council, which decides
 * what to do about missing ones; so the administrator gets the list first
 * (409 year-marks-missing) and closes with `confirmMissing: true` once it has
 * seen it. A closed year's pages are read-only (edits refused as
 * year-closed), still read, printed and reported. Promotion then moves every
 * class one grade up into the next year (5А -> 6А); the last grade graduates.
 *
 *   GET  /api/years                  administrator: the years with what may be done
 *   POST /api/years/:id/close        {confirmMissing?}
 *   POST /api/years/:id/promote      {toYearId} or {name, startsOn, endsOn} (a new year, its calendar set later)
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Clock } from "../clock.ts";
import type { SessionManager } from "../auth/sessions.ts";
import type { SchoolRepository } from "../storage/school-repository.ts";
import type { DocumentRegistry } from "../documents/document-registry.ts";
import type { MovementRepository } from "../storage/movement-repository.ts";
import type { YearRepository } from "../storage/year-repository.ts";
import { canCloseYear, LAST_GRADE, nextDay, promotedClassName, type MissingMarks } from "../../shared/movement.ts";
import { parseDate } from "../../shared/people.ts";
import { periodMarksMap, readMeta, readRoster } from "../../shared/journal-schema.ts";
import { localTime } from "../../shared/school-time.ts";
import { HttpError, sendJson } from "./respond.ts";
import { FieldsError, require, signedIn, withFieldErrors, type RouteGroup, body } from "./route-kit.ts";

export interface YearCloseDeps {
  sessions: SessionManager;
  school: SchoolRepository;
  registry: DocumentRegistry;
  movement: MovementRepository;
  years: YearRepository;
  now: Clock;
  rosterChanged: (classId: string) => void;
}

export function createYearCloseApi(deps: YearCloseDeps): RouteGroup {
  const today = () => localTime(deps.now(), deps.school.rules().timeZone).date;

  /** The last day of the year: its end, or its last period's end when that is later. */
  function lastDay(yearId: string, endsOn: string): string {
    const last = deps.years.periods(yearId).at(-1)?.end;
    return last && last > endsOn ? last : endsOn;
  }

  /** J6: the students without a period mark, page by page and period by period (read from the stored pages). */
  function missingMarks(yearId: string): MissingMarks[] {
    deps.registry.commits.flush();
    const out: MissingMarks[] = [];
    for (const page of deps.years.pagesOfYear(yearId)) {
      if (!page.marksAllowed) continue;
      const journal = deps.registry.journal(page.pageId);
      const meta = journal ? readMeta(journal.doc) : null;
      if (!journal || !meta) continue;
      const marks = periodMarksMap(journal.doc);
      for (const period of meta.periods) {
        const students = readRoster(journal.doc)
          .filter((s) => (s.leftOn === null || s.leftOn > period.end) && (!s.joinedOn || s.joinedOn <= period.start))
          .filter((s) => !marks.has(`${s.id}:${period.id}`))
          .map((s) => `${s.surname} ${s.name}`);
        if (students.length > 0) out.push({ pageId: page.pageId, className: page.className, subjectName: page.subjectName, periodName: period.name, students });
      }
    }
    return out;
  }

  function list(req: IncomingMessage, res: ServerResponse): void {
    require(canCloseYear(signedIn(req, deps.sessions, deps.school).actor));
    const day = today();
    sendJson(res, 200, {
      today: day,
      years: deps.years.years().map((y) => ({ ...y, lastDay: lastDay(y.yearId, y.endsOn), mayClose: y.closedAt === null && day > lastDay(y.yearId, y.endsOn) })),
    });
  }

  async function close(req: IncomingMessage, res: ServerResponse, yearId: string): Promise<void> {
    const actor = signedIn(req, deps.sessions, deps.school).actor;
    require(canCloseYear(actor));
    const year = deps.years.year(yearId);
    if (!year) throw new HttpError(404, "not-found");
    const b = await body(req);
    if (year.closedAt !== null) throw new HttpError(409, "year-closed");
    if (today() <= lastDay(yearId, year.endsOn)) throw new HttpError(409, "year-not-ended");
    const missing = missingMarks(yearId);
    if (missing.length > 0 && b.confirmMissing !== true) return sendJson(res, 409, { error: "year-marks-missing", missing });
    deps.years.close(yearId, actor.userId, deps.now());
    // Loaded pages turn read-only at once (meta.yearClosed); the others when next loaded.
    for (const page of deps.years.pagesOfYear(yearId)) deps.registry.refreshJournal(page.pageId);
    sendJson(res, 200, { yearId, closedAt: deps.years.year(yearId)!.closedAt, missing });
  }

  function targetYear(b: Record<string, unknown>, closedEnd: string): string {
    if (b.toYearId !== undefined) {
      const y = deps.years.year(String(b.toYearId));
      if (!y) throw new FieldsError([{ field: "toYearId", code: "not-found" }], 404);
      if (y.startsOn <= closedEnd) throw new FieldsError([{ field: "toYearId", code: "invalid-date" }], 409);
      if (y.closedAt !== null) throw new HttpError(409, "year-closed");
      return y.yearId;
    }
    const name = typeof b.name === "string" ? b.name.trim() : "";
    const startsOn = parseDate(b.startsOn);
    const endsOn = parseDate(b.endsOn);
    const errors = [];
    if (!/^\d{4}\/\d{4}$/.test(name)) errors.push({ field: "name", code: "field-required" as const });
    if (startsOn === null || startsOn <= closedEnd) errors.push({ field: "startsOn", code: "invalid-date" as const });
    if (endsOn === null || startsOn === null || endsOn <= startsOn) errors.push({ field: "endsOn", code: "invalid-date" as const });
    if (errors.length > 0) throw new FieldsError(errors);
    return deps.years.yearByName(name)?.yearId ?? deps.years.createYear(name, startsOn!, endsOn!);
  }

  async function promote(req: IncomingMessage, res: ServerResponse, yearId: string): Promise<void> {
    const actor = signedIn(req, deps.sessions, deps.school).actor;
    require(canCloseYear(actor));
    const year = deps.years.year(yearId);
    if (!year) throw new HttpError(404, "not-found");
    const b = await body(req);
    if (year.closedAt === null) throw new HttpError(409, "year-not-closed");
    if (year.promotedTo !== null) throw new HttpError(409, "year-already-promoted");
    const closedEnd = lastDay(yearId, year.endsOn);
    const result = deps.movement.transaction(() => {
      const toYearId = targetYear(b, closedEnd);
      const classes: Array<{ fromClassId: string; from: string; toClassId: string | null; to: string | null; students: number }> = [];
      let graduated = 0;
      for (const cls of deps.years.classesOfYear(yearId)) {
        const students = deps.movement.currentStudents(cls.classId, closedEnd);
        if (cls.grade >= LAST_GRADE) {
          // The last grade leaves the school the day after the year (D5: its diaries stay readable).
          for (const id of students) {
            deps.movement.leave(id, nextDay(closedEnd));
            deps.movement.log({ studentId: id, kind: "graduated", on: nextDay(closedEnd), fromClass: cls.classId, by: actor.userId, at: deps.now() });
          }
          graduated += students.length;
          classes.push({ fromClassId: cls.classId, from: cls.name, toClassId: null, to: null, students: students.length });
          continue;
        }
        const name = promotedClassName(cls.name, cls.grade);
        const toClassId = deps.movement.classForPromotion(toYearId, name, cls.grade + 1, cls.classTeacherId);
        for (const id of students) {
          deps.movement.promote(id, cls.classId, toClassId);
          deps.movement.log({ studentId: id, kind: "promoted", on: nextDay(closedEnd), fromClass: cls.classId, toClass: toClassId, by: actor.userId, at: deps.now() });
        }
        classes.push({ fromClassId: cls.classId, from: cls.name, toClassId, to: name, students: students.length });
      }
      deps.years.markPromoted(yearId, toYearId);
      return { toYearId, classes, graduated };
    });
    for (const c of result.classes) {
      deps.rosterChanged(c.fromClassId);
      if (c.toClassId) deps.rosterChanged(c.toClassId);
    }
    sendJson(res, 200, result);
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const p = url.pathname;
    const part = p.split("/");
    if (req.method === "GET" && p === "/api/years") list(req, res);
    else if (req.method === "POST" && /^\/api\/years\/\d{1,12}\/close$/.test(p)) await close(req, res, part[3]!);
    else if (req.method === "POST" && /^\/api\/years\/\d{1,12}\/promote$/.test(p)) await promote(req, res, part[3]!);
    else return false;
    return true;
  }

  return withFieldErrors({ handle });
}
