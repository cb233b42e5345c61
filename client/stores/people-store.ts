/**
 * The people screens' stores (A1-A3), each `[state, actions]`; the I/O is in
 * client/sync/people-api.ts. Refusals keep their code and the fields at
 * fault; only components turn them into words.
 */
import { createStore } from "solid-js/store";
import type { ClassCards, ClassSummary, FieldError, FirstPassword, ImportKind, ImportPreview, ImportResult, InviteKind, InviteSheet, StaffAccount, CardInput } from "../../shared/people.ts";
import { ApiError } from "../sync/api.ts";
import * as api from "../sync/people-api.ts";

export interface Refusal {
  code: string | null;
  fields: FieldError[];
}

const NONE: Refusal = { code: null, fields: [] };

function refusalOf(err: unknown): Refusal {
  return { code: err instanceof ApiError ? err.code : "needs-network", fields: api.fieldErrors(err) };
}

// ---- A1: staff accounts (administrator) ----

export interface SheetEntry extends FirstPassword {
  fullName: string;
  role: StaffAccount["role"] | null;
  issuedAt: number;
}

export function createStaffStore() {
  const [state, setState] = createStore({
    staff: [] as StaffAccount[], refusal: NONE, issued: null as FirstPassword | null, busy: false,
    /** A1: the first passwords issued on this screen since it was opened, for the printed sheet; kept in memory only. */
    sheet: [] as SheetEntry[],
  });
  /** Adds an issued first password to the sheet (a newer one for the same login replaces it). */
  const toSheet = (p: FirstPassword) => {
    const s = state.staff.find((a) => a.id === p.id);
    const entry: SheetEntry = { ...p, fullName: s ? [s.surname, s.name, s.patronymic].filter(Boolean).join(" ") : p.login, role: s?.role ?? null, issuedAt: Date.now() };
    setState("sheet", (list) => [...list.filter((e) => e.login !== p.login), entry]);
  };
  const actions = {
    async load(): Promise<void> {
      try {
        setState({ staff: (await api.loadStaff()).staff });
      } catch (err) {
        setState({ refusal: refusalOf(err) });
      }
    },
    async create(b: { login: string; role: string; surname: string; name: string; patronymic: string }): Promise<boolean> {
      setState({ busy: true, refusal: NONE, issued: null });
      try {
        const issued = await api.createStaff(b);
        setState({ issued, busy: false });
        await actions.load();
        toSheet(issued);
        return true;
      } catch (err) {
        setState({ refusal: refusalOf(err), busy: false });
        return false;
      }
    },
    async reset(id: string): Promise<void> {
      try {
        const issued = await api.resetStaffPassword(id);
        setState({ issued, refusal: NONE });
        await actions.load();
        toSheet(issued);
      } catch (err) {
        setState({ refusal: refusalOf(err) });
      }
    },
    /** Forgets the sheet once printed: first passwords are not kept any longer than needed. */
    clearSheet(): void {
      setState({ sheet: [] });
    },
    async setDisabled(id: string, disabled: boolean): Promise<void> {
      try {
        await api.setUserDisabled(id, disabled);
        await actions.load();
      } catch (err) {
        setState({ refusal: refusalOf(err) });
      }
    },
  };
  return [state, actions] as const;
}

// ---- A3, A2: a class's cards and its invite sheet (class teacher) ----

export type CardDraft = Record<keyof CardInput, string>;

export function createClassCardsStore() {
  const [state, setState] = createStore({
    classes: [] as ClassSummary[], cards: null as ClassCards | null, refusal: NONE, sheet: null as InviteSheet | null, busy: false,
  });
  const actions = {
    async load(classId: string | null): Promise<void> {
      try {
        const { classes } = await api.loadClasses();
        setState({ classes });
        const chosen = classId ?? classes[0]?.classId ?? null;
        setState({ cards: chosen ? await api.loadClassCards(chosen) : null });
      } catch (err) {
        setState({ refusal: refusalOf(err) });
      }
    },
    /** Adds (no id) or edits a card; true when the server took it. */
    async save(studentId: string | null, draft: CardDraft): Promise<boolean> {
      const classId = state.cards?.classId;
      if (!classId) return false;
      setState({ busy: true, refusal: NONE });
      try {
        if (studentId === null) await api.addStudent(classId, draft);
        else await api.editStudent(studentId, draft);
        setState({ cards: await api.loadClassCards(classId), busy: false });
        return true;
      } catch (err) {
        setState({ refusal: refusalOf(err), busy: false });
        return false;
      }
    },
    async issue(studentIds?: string[]): Promise<void> {
      const classId = state.cards?.classId;
      if (!classId) return;
      setState({ busy: true, refusal: NONE });
      try {
        const sheet = await api.issueInvites(classId, studentIds);
        setState({ sheet, cards: await api.loadClassCards(classId), busy: false });
      } catch (err) {
        setState({ refusal: refusalOf(err), busy: false });
      }
    },
    closeSheet(): void {
      setState({ sheet: null });
    },
  };
  return [state, actions] as const;
}

// ---- CSV import ----

export function createImportStore() {
  const [state, setState] = createStore({
    kind: "students" as ImportKind, classId: null as string | null, classes: [] as ClassSummary[],
    file: null as File | null, preview: null as ImportPreview | null, result: null as ImportResult | null, refusal: NONE, busy: false,
  });
  const actions = {
    async init(canImportStaff: boolean): Promise<void> {
      try {
        const { classes } = await api.loadClasses();
        setState({ classes, classId: classes[0]?.classId ?? null, kind: classes.length === 0 && canImportStaff ? "staff" : "students" });
      } catch (err) {
        setState({ refusal: refusalOf(err) });
      }
    },
    choose(kind: ImportKind, classId: string | null): void {
      setState({ kind, classId, preview: null, result: null, refusal: NONE });
      if (state.file) void actions.preview();
    },
    async pick(file: File | null): Promise<void> {
      setState({ file, preview: null, result: null, refusal: NONE });
      if (file) await actions.preview();
    },
    async preview(): Promise<void> {
      if (!state.file) return;
      setState({ busy: true, refusal: NONE });
      try {
        setState({ preview: (await api.importCsv(state.kind, "preview", state.file, state.kind === "students" ? state.classId : null)) as ImportPreview, busy: false });
      } catch (err) {
        setState({ refusal: refusalOf(err), busy: false });
      }
    },
    async apply(): Promise<void> {
      if (!state.file) return;
      setState({ busy: true, refusal: NONE });
      try {
        const answer = await api.importCsv(state.kind, "apply", state.file, state.kind === "students" ? state.classId : null);
        if ("created" in answer) setState({ result: answer, preview: null, file: null, busy: false });
        else setState({ preview: answer, busy: false });
      } catch (err) {
        setState({ refusal: refusalOf(err), busy: false });
      }
    },
  };
  return [state, actions] as const;
}

// ---- A2: activating a code; A1: one's own password ----

export function createActivationStore() {
  const [state, setState] = createStore({ refusal: NONE, busy: false, linked: [] as string[], retryAfterSeconds: 0 });
  const actions = {
    /** True when an account was made or a child linked. */
    async activate(kind: InviteKind, fields: { code: string; login?: string; password?: string; surname?: string; name?: string; patronymic?: string }): Promise<boolean> {
      setState({ busy: true, refusal: NONE, retryAfterSeconds: 0 });
      try {
        const result = await api.activateInvite({ kind, ...fields });
        setState({ busy: false, linked: [...state.linked, result.studentName] });
        return true;
      } catch (err) {
        setState({ refusal: refusalOf(err), busy: false, retryAfterSeconds: err instanceof ApiError ? err.retryAfterSeconds : 0 });
        return false;
      }
    },
  };
  return [state, actions] as const;
}

export function createPasswordStore() {
  const [state, setState] = createStore({ refusal: NONE, busy: false });
  const actions = {
    async change(current: string, next: string): Promise<boolean> {
      setState({ busy: true, refusal: NONE });
      try {
        await api.changePassword(current, next);
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
