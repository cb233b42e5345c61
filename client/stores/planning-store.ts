/**
 * The school set-up screens' stores, each `[state, actions]`: subgroups (P2),
 * curriculum and the plan editor (P2, P4), movement (D5) and year close (R1).
 * The I/O is in client/sync/planning-api.ts; refusals keep their code and fields.
 */
import { createStore } from "solid-js/store";
import type { ClassGroups } from "../../shared/groups.ts";
import type { CurriculumRow, PlanState } from "../../shared/plan-rules.ts";
import type { MissingMarks, MovementStudent, YearSummary } from "../../shared/movement.ts";
import type { ClassSummary } from "../../shared/people.ts";
import { ApiError } from "../sync/api.ts";
import { fieldErrors, loadClasses } from "../sync/people-api.ts";
import * as api from "../sync/planning-api.ts";
import type { Refusal } from "./people-store.ts";

const NONE: Refusal = { code: null, fields: [] };
const refusalOf = (err: unknown): Refusal => ({ code: err instanceof ApiError ? err.code : "needs-network", fields: fieldErrors(err) });

// ---- P2: subgroups (class teacher, administrator) ----

export function createGroupsStore() {
  const [state, setState] = createStore({
    classes: [] as ClassSummary[], classId: null as string | null, data: null as ClassGroups | null, refusal: NONE, busy: false,
    /** What the last save did, to say so. */
    done: null as { placed: number; moved: Array<{ studentId: string; from: string }> } | null,
  });
  const actions = {
    async init(classId: string | null): Promise<void> {
      try {
        const { classes } = await loadClasses();
        const chosen = classId ?? classes[0]?.classId ?? null;
        setState({ classes, classId: chosen });
        if (chosen) await actions.load(chosen);
      } catch (err) {
        setState({ refusal: refusalOf(err) });
      }
    },
    async load(classId: string): Promise<void> {
      try {
        setState({ classId, data: await api.loadGroups(classId) });
      } catch (err) {
        setState({ refusal: refusalOf(err) });
      }
    },
    async createGroup(subjectId: string, name: string): Promise<boolean> {
      if (!state.classId) return false;
      setState({ busy: true, refusal: NONE, done: null });
      try {
        await api.createGroup(state.classId, subjectId, name);
        await actions.load(state.classId);
        setState({ busy: false });
        return true;
      } catch (err) {
        setState({ refusal: refusalOf(err), busy: false });
        return false;
      }
    },
    /** Sends each group's new members (placement, or a move dated `date`); stops at the first refusal. */
    async save(changes: Map<string, string[]>, date: string | null): Promise<boolean> {
      if (!state.classId) return false;
      setState({ busy: true, refusal: NONE, done: null });
      let placed = 0;
      const moved: Array<{ studentId: string; from: string }> = [];
      try {
        for (const [groupId, studentIds] of changes) {
          const res = await api.setGroupMembers(groupId, studentIds, date);
          placed += res.placed.length;
          moved.push(...res.moved);
        }
        await actions.load(state.classId);
        setState({ busy: false, done: { placed, moved } });
        return true;
      } catch (err) {
        await actions.load(state.classId);
        setState({ refusal: refusalOf(err), busy: false });
        return false;
      }
    },
  };
  return [state, actions] as const;
}

// ---- P2, P4: curriculum and the plan editor (deputy, administrator, the subject's teachers) ----

export function createCurriculumStore() {
  const [state, setState] = createStore({ year: null as YearSummary | null, rows: [] as CurriculumRow[], mayEdit: false, refusal: NONE, savedKey: null as string | null });
  const actions = {
    async load(): Promise<void> {
      try {
        const res = await api.loadCurriculum();
        setState({ year: res.year, rows: res.rows, mayEdit: res.mayEdit });
      } catch (err) {
        setState({ refusal: refusalOf(err) });
      }
    },
    async setHours(classId: string, subjectId: string, hours: number | null): Promise<void> {
      setState({ refusal: NONE, savedKey: null });
      try {
        await api.setCurriculumHours(classId, subjectId, hours);
        await actions.load();
        setState({ savedKey: `${classId}:${subjectId}` });
      } catch (err) {
        setState({ refusal: refusalOf(err) });
      }
    },
  };
  return [state, actions] as const;
}

export interface DraftTopic {
  /** A stable key for the list while topics move around. */
  key: number;
  topic: string;
  hours: number;
}

export function createPlanEditorStore() {
  let nextKey = 1;
  const [state, setState] = createStore({
    plans: [] as api.PlanListItem[], plan: null as PlanState | null, draft: [] as DraftTopic[], dirty: false, busy: false, refusal: NONE, saved: false,
  });
  const toDraft = (plan: PlanState) => plan.topics.map((t) => ({ key: nextKey++, topic: t.topic, hours: t.hours }));
  const actions = {
    async list(): Promise<void> {
      try {
        setState({ plans: (await api.loadPlans()).plans });
      } catch (err) {
        setState({ refusal: refusalOf(err) });
      }
    },
    async open(subjectId: string, grade: number): Promise<void> {
      setState({ refusal: NONE, saved: false });
      try {
        const plan = await api.loadPlan(subjectId, grade);
        setState({ plan, draft: toDraft(plan), dirty: false });
      } catch (err) {
        setState({ refusal: refusalOf(err) });
      }
    },
    add(): void {
      setState({ draft: [...state.draft, { key: nextKey++, topic: "", hours: 1 }], dirty: true, saved: false });
    },
    edit(key: number, patch: Partial<Omit<DraftTopic, "key">>): void {
      setState({ draft: state.draft.map((t) => (t.key === key ? { ...t, ...patch } : t)), dirty: true, saved: false });
    },
    move(key: number, by: -1 | 1): void {
      const list = [...state.draft];
      const i = list.findIndex((t) => t.key === key);
      const j = i + by;
      if (i < 0 || j < 0 || j >= list.length) return;
      [list[i], list[j]] = [list[j]!, list[i]!];
      setState({ draft: list, dirty: true, saved: false });
    },
    remove(key: number): void {
      setState({ draft: state.draft.filter((t) => t.key !== key), dirty: true, saved: false });
    },
    async save(): Promise<boolean> {
      const plan = state.plan;
      if (!plan) return false;
      setState({ busy: true, refusal: NONE });
      try {
        const saved = await api.savePlan(plan.subjectId, plan.grade, state.draft.map((t) => ({ topic: t.topic, hours: t.hours })));
        setState({ plan: saved, draft: toDraft(saved), dirty: false, busy: false, saved: true });
        void actions.list();
        return true;
      } catch (err) {
        setState({ refusal: refusalOf(err), busy: false });
        return false;
      }
    },
    async approve(): Promise<void> {
      const plan = state.plan;
      if (!plan) return;
      setState({ busy: true, refusal: NONE });
      try {
        setState({ plan: await api.approvePlan(plan.subjectId, plan.grade), busy: false });
        void actions.list();
      } catch (err) {
        setState({ refusal: refusalOf(err), busy: false });
      }
    },
  };
  return [state, actions] as const;
}

// ---- D5, R1: movement (administrator) ----

export function createMovementStore() {
  const [state, setState] = createStore({
    year: null as YearSummary | null, today: "", classes: [] as ClassSummary[], students: [] as MovementStudent[], refusal: NONE, busy: false, done: null as string | null,
  });
  const run = async (what: string, fn: () => Promise<unknown>): Promise<boolean> => {
    setState({ busy: true, refusal: NONE, done: null });
    try {
      await fn();
      await actions.load();
      setState({ busy: false, done: what });
      return true;
    } catch (err) {
      setState({ refusal: refusalOf(err), busy: false });
      return false;
    }
  };
  const actions = {
    async load(): Promise<void> {
      try {
        const res = await api.loadMovement();
        setState({ year: res.year, today: res.today, classes: res.classes, students: res.students });
      } catch (err) {
        setState({ refusal: refusalOf(err) });
      }
    },
    enrol: (classId: string, card: Record<string, string>) => run("enrolled", () => api.enrolStudent(classId, card)),
    leave: (studentId: string, on: string, reason: string) => run("left", () => api.recordLeaving(studentId, on, reason)),
    transfer: (studentId: string, toClassId: string, on: string) => run("transferred", () => api.transferStudent(studentId, toClassId, on)),
  };
  return [state, actions] as const;
}

// ---- R1: year close and promotion (administrator) ----

export function createYearCloseStore() {
  const [state, setState] = createStore({
    today: "", years: [] as api.YearRow[], missing: null as { yearId: string; list: MissingMarks[] } | null, refusal: NONE, busy: false,
    promoted: null as Awaited<ReturnType<typeof api.promoteYear>> | null,
  });
  const actions = {
    async load(): Promise<void> {
      try {
        const res = await api.loadYears();
        setState({ today: res.today, years: res.years });
      } catch (err) {
        setState({ refusal: refusalOf(err) });
      }
    },
    async close(yearId: string, confirmMissing: boolean): Promise<void> {
      setState({ busy: true, refusal: NONE });
      try {
        await api.closeYear(yearId, confirmMissing);
        setState({ missing: null, busy: false });
        await actions.load();
      } catch (err) {
        const list = err instanceof ApiError && Array.isArray(err.body.missing) ? (err.body.missing as MissingMarks[]) : null;
        setState({ refusal: refusalOf(err), busy: false, missing: list ? { yearId, list } : null });
      }
    },
    async promote(yearId: string, body: { name: string; startsOn: string; endsOn: string }): Promise<void> {
      setState({ busy: true, refusal: NONE });
      try {
        setState({ promoted: await api.promoteYear(yearId, body), busy: false });
        await actions.load();
      } catch (err) {
        setState({ refusal: refusalOf(err), busy: false });
      }
    },
  };
  return [state, actions] as const;
}
