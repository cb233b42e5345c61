/**
 * P3: the lesson columns of each page follow the class's weekly timetable on
 * the school days of the stored calendar. A change applies to the future only:
 * lessons on or before the school's today are never touched, and a future
 * lesson that already carries something (a mark, a topic, homework, a file, a
 * substitute, a permit) is kept even when the timetable no longer has it.
 * Open pages and the class's diaries receive the change live, stored in one
 * transaction with the lesson rows.
 */
import type * as Y from "yjs";
import { addDaysIso, lessonsFromTimetable, schoolDaysOf } from "../../shared/calendar.ts";
import { cellsMap, lessonsMap, parseCellKey } from "../../shared/journal-schema.ts";
import type { LessonChanges } from "../../shared/setup-api.ts";
import type { CalendarRepository, StoredYear } from "../storage/calendar-repository.ts";
import type { TimetableRepository } from "../storage/timetable-repository.ts";
import type { SchoolRepository } from "../storage/school-repository.ts";
import type { DocumentRegistry } from "../documents/document-registry.ts";
import type { UpdatePipeline } from "../sync/handle-client-update.ts";
import { syncJournalStructure } from "../documents/journal-structure.ts";
import { refreshDiaryPeriods } from "./diary-periods.ts";

export interface LessonColumnDeps {
  calendar: CalendarRepository;
  timetable: TimetableRepository;
  school: SchoolRepository;
  registry: DocumentRegistry;
  pipeline: UpdatePipeline;
  /** The school's date (ISO). */
  today: () => string;
  /**
   * In a cluster (issue 10): whether this node writes the class's documents (it holds the
   * class's lease, or took it); when not, `followElsewhere` asks the node that does.
   */
  placeClass?: (classId: string) => Promise<boolean>;
  followElsewhere?: (classId: string) => void;
}

/** Fields the server writes; anything else with a value is a teacher's entry. */
const SERVER_FIELDS = new Set(["date", "slot", "substituteId", "substituteName"]);

function lessonsWithEntries(doc: Y.Doc): Set<string> {
  const out = new Set<string>();
  cellsMap(doc).forEach((_v, key) => {
    const parsed = parseCellKey(key);
    if (parsed) out.add(parsed.lessonId);
  });
  lessonsMap(doc).forEach((lesson, id) => {
    for (const [field, value] of lesson.entries()) {
      if (SERVER_FIELDS.has(field)) continue;
      if ((typeof value === "string" && value.trim() !== "") || (Array.isArray(value) && value.length > 0)) out.add(id);
    }
  });
  return out;
}

export function createLessonColumns(deps: LessonColumnDeps) {
  function regeneratePage(pageId: string, wanted: Array<{ date: string; slot: number }>, today: string, sum: LessonChanges): void {
    const existing = deps.timetable.lessonsAfter(pageId, today);
    const key = (l: { date: string; slot: number }) => `${l.date}|${l.slot}`;
    const have = new Set(existing.map(key));
    const wantedKeys = new Set(wanted.map(key));
    const toAdd = wanted.filter((w) => !have.has(key(w)));
    const stale = existing.filter((l) => !wantedKeys.has(key(l)));
    if (toAdd.length === 0 && stale.length === 0) return;
    const journal = deps.registry.journal(pageId);
    if (!journal) return;
    const carrying = stale.length > 0 ? lessonsWithEntries(journal.doc) : new Set<string>();
    const removable = stale.filter((l) => !l.pinned && !carrying.has(l.id));
    sum.kept += stale.length - removable.length;
    if (toAdd.length === 0 && removable.length === 0) return;
    // The ids of new lessons exist only once the rows are written (inside the same transaction, before the document write).
    const touched = removable.map((l) => l.id);
    deps.pipeline.applyServerLessonChange(
      journal,
      touched,
      () => {
        const lessons = lessonsMap(journal.doc);
        for (const l of removable) lessons.delete(l.id);
        const seed = deps.school.journalSeed(pageId);
        if (seed) syncJournalStructure(journal.doc, seed);
      },
      () => {
        for (const l of removable) deps.timetable.deleteLesson(l.id);
        for (const w of toAdd) touched.push(deps.timetable.insertLesson(pageId, w.date, w.slot));
      },
    );
    // The rules read the page's lessons from the records: bring them up to date.
    deps.registry.refreshJournal(pageId);
    sum.added += toAdd.length;
    sum.removed += removable.length;
  }

  function calendarOfClass(classId: string): StoredYear | null {
    const yearId = deps.calendar.yearOfClass(classId);
    return yearId === null ? null : deps.calendar.year(yearId, deps.school.rules().bells);
  }

  /** Brings every page of the class in line with its timetable and its year's calendar, from tomorrow on. */
  function regenerateClass(classId: string, sum: LessonChanges = { added: 0, removed: 0, kept: 0 }, cal = calendarOfClass(classId)): LessonChanges {
    if (!cal) return sum;
    const today = deps.today();
    const days = [...schoolDaysOf(cal, addDaysIso(today, 1))];
    const byPage = new Map<string, Array<{ date: string; slot: number }>>();
    for (const l of lessonsFromTimetable(deps.timetable.slotsOfClass(classId), days)) {
      const list = byPage.get(l.pageId);
      if (list) list.push(l);
      else byPage.set(l.pageId, [l]);
    }
    for (const pageId of deps.school.pageIdsOfClass(classId)) regeneratePage(pageId, byPage.get(pageId) ?? [], today, sum);
    return sum;
  }

  /** P1, D1: after its year's calendar changed, the class's diaries get the new periods and its pages the new school days. */
  function followCalendar(classId: string, sum: LessonChanges = { added: 0, removed: 0, kept: 0 }, cal = calendarOfClass(classId)): LessonChanges {
    if (!cal) return sum;
    const periods = cal.periods.map((p, i) => ({ id: cal.periodIds[i]!, name: p.name, start: p.start, end: p.end }));
    refreshDiaryPeriods(deps.registry, deps.school.studentIdsOfClass(classId), periods, cal.periodKind);
    return regenerateClass(classId, sum, cal);
  }

  /** Every class of the year follows its calendar; in a cluster each on the node that owns it (only those here are counted). */
  async function followYear(yearId: string): Promise<LessonChanges> {
    const sum: LessonChanges = { added: 0, removed: 0, kept: 0 };
    const cal = deps.calendar.year(yearId, deps.school.rules().bells);
    for (const classId of deps.calendar.classIdsOfYear(yearId)) {
      if (!deps.placeClass || (await deps.placeClass(classId))) followCalendar(classId, sum, cal);
      else deps.followElsewhere?.(classId);
    }
    return sum;
  }

  return { regenerateClass, followCalendar, followYear };
}

export type LessonColumns = ReturnType<typeof createLessonColumns>;
