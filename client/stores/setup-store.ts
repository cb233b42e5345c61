/**
 * The set-up screens' stores (P1-P3, R6), each `[state, actions]`; the I/O is
 * in client/sync/setup-api.ts. Refusals keep their code and fields; only
 * components turn them into words.
 */
import { createStore, produce } from "solid-js/store";
import { typicalYear, type TimetableSlot, type YearPeriodKind } from "../../shared/calendar.ts";
import { DEFAULT_BELLS } from "../../shared/school-rules.ts";
import type { DayLessons, LessonChanges, SetupOverview, TimetableView, YearDetail } from "../../shared/setup-api.ts";
import { ApiError } from "../sync/api.ts";
import { fieldErrors } from "../sync/people-api.ts";
import * as api from "../sync/setup-api.ts";
import type { Refusal } from "./people-store.ts";

const NONE: Refusal = { code: null, fields: [] };

function refusalOf(err: unknown): Refusal {
  return { code: err instanceof ApiError ? err.code : "needs-network", fields: fieldErrors(err) };
}

/** The year form as typed: dates are ISO strings from date inputs, a moved day's weekday "" for a day off. */
export interface YearDraft {
  name: string;
  start: string;
  end: string;
  periodKind: YearPeriodKind;
  periods: Array<{ name: string; start: string; end: string }>;
  daysOff: Array<{ start: string; end: string; name: string }>;
  moves: Array<{ date: string; asWeekday: string }>;
  bells: Array<{ start: string; end: string }>;
}

export function draftOf(detail: YearDetail | null, startYear: number, kind: YearPeriodKind = "quarter"): YearDraft {
  if (detail) {
    const y = detail.year;
    return {
      name: y.name, start: y.start, end: y.end, periodKind: y.periodKind,
      periods: y.periods.map((p) => ({ ...p })), daysOff: y.daysOff.map((d) => ({ ...d })),
      moves: y.moves.map((m) => ({ date: m.date, asWeekday: m.asWeekday === null ? "" : String(m.asWeekday) })),
      bells: y.bells.map((b) => ({ start: b.start, end: b.end })),
    };
  }
  const t = typicalYear(startYear, kind);
  return { ...t, moves: [], bells: DEFAULT_BELLS.map((b) => ({ start: b.start, end: b.end })) };
}

function yearBody(d: YearDraft): unknown {
  return { ...d, moves: d.moves.map((m) => ({ date: m.date, asWeekday: m.asWeekday === "" ? null : Number(m.asWeekday) })) };
}

// ---- P1, P2: years, classes, subjects, teaching load ----

export function createSetupStore() {
  const [state, setState] = createStore({
    overview: null as SetupOverview | null, yearId: null as string | null, detail: null as YearDetail | null,
    draft: null as YearDraft | null, refusal: NONE, saved: null as LessonChanges | "created" | null, busy: false,
  });

  async function run(fn: () => Promise<void>): Promise<boolean> {
    setState({ busy: true, refusal: NONE, saved: null });
    try {
      await fn();
      setState({ busy: false });
      return true;
    } catch (err) {
      setState({ busy: false, refusal: refusalOf(err) });
      return false;
    }
  }

  const actions = {
    async load(yearId: string | null): Promise<void> {
      await run(async () => {
        const overview = await api.loadOverview();
        setState({ overview });
        const chosen = yearId === "new" ? null : yearId ?? overview.years.find((y) => y.start <= overview.today && y.end >= overview.today)?.yearId ?? overview.years.at(-1)?.yearId ?? null;
        await actions.choose(chosen);
      });
    },
    /** null: a new year, prefilled as the year after the last one. */
    async choose(yearId: string | null): Promise<void> {
      const detail = yearId ? await api.loadYear(yearId) : null;
      const last = state.overview?.years.at(-1);
      const startYear = last ? Number(last.start.slice(0, 4)) + 1 : Number((state.overview?.today ?? "2026").slice(0, 4));
      setState({ yearId, detail, draft: draftOf(detail, startYear) });
    },
    edit(fn: (d: YearDraft) => void): void {
      setState("draft", produce((d) => d && fn(d)));
    },
    /** Another division of the year: the typical periods of that kind, keeping the year's first year. */
    setKind(kind: YearPeriodKind): void {
      const d = state.draft;
      if (!d) return;
      const t = typicalYear(Number(d.start.slice(0, 4)) || new Date().getFullYear(), kind);
      setState("draft", { periodKind: kind, periods: t.periods, start: t.start, end: t.end });
    },
    async saveYear(): Promise<boolean> {
      const d = state.draft;
      if (!d) return false;
      return run(async () => {
        if (state.yearId) {
          const res = await api.saveYear(state.yearId, yearBody(d));
          await actions.choose(state.yearId);
          setState({ saved: res.lessons });
        } else {
          const { yearId } = await api.createYear(yearBody(d));
          setState({ overview: await api.loadOverview() });
          await actions.choose(yearId);
          setState({ saved: "created" });
        }
      });
    },
    async reloadYear(): Promise<void> {
      if (state.yearId) setState({ detail: await api.loadYear(state.yearId), overview: await api.loadOverview() });
    },
    createClass: (b: { name: string; grade: number; classTeacherId: string | null }) =>
      run(async () => {
        await api.createClass(state.yearId!, b);
        await actions.reloadYear();
      }),
    setClassTeacher: (classId: string, classTeacherId: string | null) =>
      run(async () => {
        await api.updateClass(classId, { classTeacherId });
        await actions.reloadYear();
      }),
    createSubject: (b: { name: string; doubleMarks: boolean }) =>
      run(async () => {
        await api.createSubject(b);
        setState({ overview: await api.loadOverview() });
      }),
    updateSubject: (subjectId: string, b: { name: string; doubleMarks: boolean }) =>
      run(async () => {
        await api.updateSubject(subjectId, b);
        setState({ overview: await api.loadOverview() });
      }),
    addLoad: (classId: string, b: { subjectId: string; teacherId: string }) =>
      run(async () => {
        await api.addLoad(classId, b);
        await actions.reloadYear();
      }),
    reassign: (pageId: string, teacherId: string) =>
      run(async () => {
        await api.reassignPage(pageId, teacherId);
        await actions.reloadYear();
      }),
  };
  return [state, actions] as const;
}

// ---- P3: a class's weekly timetable ----

export function createTimetableStore() {
  const [state, setState] = createStore({
    view: null as TimetableView | null, slots: [] as TimetableSlot[], refusal: NONE, saved: null as LessonChanges | null, busy: false, dirty: false,
  });
  const actions = {
    async load(classId: string): Promise<void> {
      try {
        const view = await api.loadTimetable(classId);
        setState({ view, slots: view.slots.map((s) => ({ ...s })), refusal: NONE, dirty: false });
      } catch (err) {
        setState({ refusal: refusalOf(err) });
      }
    },
    /** "" clears the cell. */
    set(weekday: number, slot: number, pageId: string): void {
      const rest = state.slots.filter((s) => !(s.weekday === weekday && s.slot === slot));
      setState({ slots: pageId === "" ? rest : [...rest, { weekday, slot, pageId }], dirty: true, saved: null });
    },
    async save(): Promise<void> {
      if (!state.view) return;
      setState({ busy: true, refusal: NONE, saved: null });
      try {
        const res = await api.saveTimetable(state.view.classId, state.slots);
        setState({ view: res, slots: res.slots.map((s) => ({ ...s })), saved: res.lessons, busy: false, dirty: false });
      } catch (err) {
        setState({ refusal: refusalOf(err), busy: false });
      }
    },
  };
  return [state, actions] as const;
}

// ---- R6: substitutions of a day ----

export function createSubstitutionsStore() {
  const [state, setState] = createStore({ day: null as DayLessons | null, refusal: NONE, busy: false });
  const actions = {
    async load(date: string): Promise<void> {
      try {
        setState({ day: await api.loadDay(date), refusal: NONE });
      } catch (err) {
        setState({ refusal: refusalOf(err) });
      }
    },
    async assign(lessonId: string, teacherId: string, reason: string): Promise<boolean> {
      return actions.change(() => api.assignSubstitute({ lessonId, teacherId, reason }));
    },
    async cancel(lessonId: string): Promise<boolean> {
      return actions.change(() => api.cancelSubstitute(lessonId));
    },
    async change(fn: () => Promise<unknown>): Promise<boolean> {
      setState({ busy: true, refusal: NONE });
      try {
        await fn();
        if (state.day) setState({ day: await api.loadDay(state.day.date) });
        setState({ busy: false });
        return true;
      } catch (err) {
        setState({ refusal: refusalOf(err), busy: false });
        return false;
      }
    },
  };
  return [state, actions] as const;
}
