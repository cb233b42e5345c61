/**
 * Rep2: how a teacher's pages are kept, in a week or a month, from the
 * stored pages and the audit trail (J11): lessons without topic or homework,
 * students with fewer marks than the period's minimum (J7), control works
 * not marked by their deadline, and entries made after it (J8).
 *
 * Conventions: a lesson counts once its day is over (before today), so the
 * teacher still has the lesson's day to fill it in; "made late" covers the
 * entries the server accepted within the window; an entry's moment is its
 * author's clock when it has one (offline edits), else the server's.
 */
import type { EntryKind, LateEntry, MonitoringPage, MonitoringResponse } from "../../shared/report-api.ts";
import type { Period } from "../../shared/journal-schema.ts";
import type { SchoolRules } from "../../shared/school-rules.ts";
import { marksOf } from "../../shared/cell-value.ts";
import { minimumMarks } from "../../shared/averages.ts";
import { compareLocal, localTime, type LocalTime } from "../../shared/school-time.ts";
import { journalDocName } from "../../shared/doc-names.ts";
import { parseCellKey } from "../../shared/journal-schema.ts";
import { cellEntryKind, controlWorkKind, deadlineOf, formatLocal, monitoringWindow } from "../../shared/timeliness.ts";
import type { DocumentRegistry } from "../documents/document-registry.ts";
import type { AuditRow, ReportRepository, TeacherPage } from "./report-repository.ts";
import { readPage, type PageSnapshot } from "./page-reader.ts";

export interface MonitoringRequest {
  teacherId: string;
  teacherName: string;
  window: "week" | "month";
  date: string;
  /** The server's clock (ms). */
  now: number;
  rules: SchoolRules;
}

const DAY_MS = 86_400_000;

function periodFor(periods: Period[], date: string): Period | null {
  return periods.find((p) => p.start <= date && date <= p.end) ?? [...periods].reverse().find((p) => p.start <= date) ?? null;
}

interface PageFacts {
  page: PageSnapshot;
  info: TeacherPage;
  lastSlots: Map<string, number>;
  audit: AuditRow[];
}

function fewMarks(f: PageFacts, period: Period | null, upTo: string, rules: SchoolRules): MonitoringPage["fewMarks"] {
  if (!f.page.meta.grammar.marksAllowed || period === null) return null;
  const minimum = minimumMarks(rules.periodKind);
  const inPeriod = new Set(f.page.lessons.filter((l) => l.date >= period.start && l.date <= period.end && l.date <= upTo).map((l) => l.id));
  const counts = new Map<string, number>();
  for (const c of f.page.cells) if (inPeriod.has(c.columnId)) counts.set(c.studentId, (counts.get(c.studentId) ?? 0) + marksOf(c.entry.value).length);
  const students = f.page.roster
    .filter((s) => s.leftOn === null || s.leftOn > upTo)
    .map((s) => ({ studentId: s.id, name: `${s.surname} ${s.name}`, count: counts.get(s.id) ?? 0 }))
    .filter((s) => s.count < minimum);
  return { minimum, students };
}

function testsUnmarked(f: PageFacts, from: string, to: string, today: LocalTime, rules: SchoolRules): MonitoringPage["testsUnmarked"] {
  const out: MonitoringPage["testsUnmarked"] = [];
  const byLesson = new Map<string, Map<string, { value: string; workType?: string }>>();
  for (const c of f.page.cells) {
    let m = byLesson.get(c.columnId);
    if (!m) byLesson.set(c.columnId, (m = new Map()));
    m.set(c.studentId, c.entry);
  }
  for (const lesson of f.page.lessons) {
    if (lesson.date < from || lesson.date > to) continue;
    const cells = byLesson.get(lesson.id) ?? new Map();
    const kind = controlWorkKind(lesson.topic, [...cells.values()].flatMap((e) => (e.workType ? [e.workType] : [])));
    if (kind === null) continue;
    const deadline = deadlineOf(kind, { lessonDate: lesson.date, lastSlot: null }, rules);
    if (compareLocal(today, deadline) <= 0) continue;
    const unmarked = f.page.roster.filter((s) => {
      if (s.leftOn !== null && s.leftOn <= lesson.date) return false;
      const e = cells.get(s.id);
      return e === undefined; // an absence or a mark both count as accounted for
    }).length;
    if (unmarked > 0) out.push({ lessonId: lesson.id, date: lesson.date, topic: lesson.topic, deadline: formatLocal(deadline), unmarked });
  }
  return out;
}

/** J8: the audit rows of the window that were accepted after their deadline. */
function lateEntries(f: PageFacts, from: string, to: string, rules: SchoolRules): MonitoringPage["late"] {
  const lessons = new Map(f.page.lessons.map((l) => [l.id, l]));
  const current = new Map(f.page.cells.map((c) => [`${c.studentId}:${c.columnId}`, c.entry]));
  const periods = new Map(f.page.meta.periods.map((p) => [p.id, p]));
  const entries: LateEntry[] = [];
  for (const row of f.audit) {
    if (row.decision !== "accepted" || row.newValue === null) continue;
    const madeAt = row.authorTime ?? row.serverTime;
    const stored = localTime(row.serverTime, rules.timeZone).date;
    if (stored < from || stored > to) continue;
    let kind: EntryKind;
    let lessonDate: string | null = null;
    let deadlineFacts: { lessonDate: string; lastSlot: number | null; periodEnd?: string };
    const field = /^lessons\/([A-Za-z0-9_-]+)\/(topic|homework)$/.exec(row.target);
    if (field) {
      const lesson = lessons.get(field[1]!);
      if (!lesson || row.newValue.trim() === "") continue;
      kind = field[2] as "topic" | "homework";
      lessonDate = lesson.date;
      deadlineFacts = { lessonDate, lastSlot: f.lastSlots.get(lesson.date) ?? lesson.slot };
    } else if (row.target.startsWith("periodMarks/")) {
      const key = parseCellKey(row.target.slice("periodMarks/".length));
      const period = key ? periods.get(key.lessonId) : undefined;
      if (!period) continue;
      kind = "period-mark";
      deadlineFacts = { lessonDate: period.end, lastSlot: null, periodEnd: period.end };
    } else {
      const key = parseCellKey(row.target);
      const lesson = key ? lessons.get(key.lessonId) : undefined;
      if (!key || !lesson) continue;
      // The audit keeps the value; its work type is the stored entry's when this row wrote it.
      const now = current.get(row.target);
      const workType = now && now.at === row.authorTime && now.value === row.newValue ? now.workType : undefined;
      kind = cellEntryKind(row.newValue, workType);
      lessonDate = lesson.date;
      deadlineFacts = { lessonDate, lastSlot: null };
    }
    const deadline = deadlineOf(kind, deadlineFacts, rules);
    if (compareLocal(localTime(madeAt, rules.timeZone), deadline) > 0) {
      entries.push({ kind, target: row.target, lessonDate, deadline: formatLocal(deadline), madeAt, by: row.userName });
    }
  }
  const byKind: Partial<Record<EntryKind, number>> = {};
  for (const e of entries) byKind[e.kind] = (byKind[e.kind] ?? 0) + 1;
  return { count: entries.length, byKind, entries };
}

export function buildMonitoring(registry: DocumentRegistry, reports: ReportRepository, req: MonitoringRequest): MonitoringResponse {
  const { from, to } = monitoringWindow(req.window, req.date);
  const today = localTime(req.now, req.rules.timeZone);
  const heldUntil = to < today.date ? to : new Date(Date.parse(`${today.date}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
  const period = periodFor(reports.periods(), to < today.date ? to : today.date);
  // The audit is read a day wider on each side; rows are then kept by their school-local date.
  const fromMs = Date.parse(`${from}T00:00:00Z`) - DAY_MS;
  const toMs = Date.parse(`${to}T00:00:00Z`) + 2 * DAY_MS;
  const pages: MonitoringPage[] = [];
  for (const info of reports.pagesOfTeacher(req.teacherId)) {
    const journal = registry.journal(info.pageId);
    const page = journal ? readPage(journal.doc) : null;
    if (!page) continue;
    const facts: PageFacts = { page, info, lastSlots: reports.lastSlotsOfClass(info.classId), audit: reports.audit(journalDocName(info.pageId), fromMs, toMs) };
    const held = page.lessons.filter((l) => l.date >= from && l.date <= heldUntil);
    pages.push({
      pageId: info.pageId, className: info.className, subjectName: info.subjectName, lessons: held.length,
      withoutTopic: held.filter((l) => l.topic.trim() === "").map((l) => ({ lessonId: l.id, date: l.date })),
      withoutHomework: held.filter((l) => l.homework.trim() === "").map((l) => ({ lessonId: l.id, date: l.date })),
      fewMarks: fewMarks(facts, period, to < today.date ? to : today.date, req.rules),
      testsUnmarked: testsUnmarked(facts, from, heldUntil, today, req.rules),
      late: lateEntries(facts, from, to, req.rules),
    });
  }
  const sum = (f: (p: MonitoringPage) => number) => pages.reduce((n, p) => n + f(p), 0);
  return {
    teacherId: req.teacherId, teacherName: req.teacherName, window: { kind: req.window, from, to }, period, pages,
    totals: {
      lessons: sum((p) => p.lessons), withoutTopic: sum((p) => p.withoutTopic.length), withoutHomework: sum((p) => p.withoutHomework.length),
      fewMarks: sum((p) => p.fewMarks?.students.length ?? 0), testsUnmarked: sum((p) => p.testsUnmarked.length), late: sum((p) => p.late.count),
    },
  };
}
