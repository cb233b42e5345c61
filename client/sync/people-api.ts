/** People over HTTP (A1-A3): staff accounts, own password, class cards, invite codes, CSV import. */
import type { Me } from "../../shared/api.ts";
import type {
  ActivateRequest, ActivateResult, CardInput, ClassCards, ClassSummary, FieldError, FirstPassword, ImportKind, ImportPreview, ImportResult, InviteSheet, StaffAccount,
} from "../../shared/people.ts";
import { ApiError, request } from "./api.ts";

/** The fields a refusal named, if any. */
export function fieldErrors(err: unknown): FieldError[] {
  if (!(err instanceof ApiError)) return [];
  const fields = err.body.fields;
  return Array.isArray(fields) ? (fields as FieldError[]) : [];
}

export const loadStaff = () => request<{ staff: StaffAccount[] }>("GET", "/api/staff");
export const createStaff = (b: { login: string; role: string; surname: string; name: string; patronymic: string }) => request<FirstPassword>("POST", "/api/staff", b);
export const resetStaffPassword = (id: string) => request<FirstPassword>("POST", `/api/staff/${encodeURIComponent(id)}/reset-password`);
export const setUserDisabled = (id: string, disabled: boolean) => request<unknown>("POST", `/api/users/${encodeURIComponent(id)}/${disabled ? "disable" : "enable"}`);

export const changePassword = (currentPassword: string, newPassword: string) => request<{ user: Me["user"] }>("POST", "/api/password", { currentPassword, newPassword });

export const loadClasses = () => request<{ classes: ClassSummary[] }>("GET", "/api/classes");
export const loadClassCards = (classId: string) => request<ClassCards>("GET", `/api/classes/${encodeURIComponent(classId)}/students`);
export const addStudent = (classId: string, card: Record<keyof CardInput, string>) => request<{ studentId: string }>("POST", `/api/classes/${encodeURIComponent(classId)}/students`, card);
export const editStudent = (studentId: string, card: Record<keyof CardInput, string>) => request<{ studentId: string }>("PATCH", `/api/students/${encodeURIComponent(studentId)}`, card);
export const issueInvites = (classId: string, studentIds?: string[]) => request<InviteSheet>("POST", `/api/classes/${encodeURIComponent(classId)}/invites`, studentIds ? { studentIds } : {});

export const activateInvite = (body: ActivateRequest) => request<ActivateResult>("POST", "/api/invites/activate", body);

/** Sends the file as it is (the server reads UTF-8, with or without BOM). */
export async function importCsv(kind: ImportKind, step: "preview" | "apply", file: Blob, classId: string | null): Promise<ImportPreview | ImportResult> {
  const query = classId ? `?classId=${encodeURIComponent(classId)}` : "";
  const res = await fetch(`/api/import/${kind}/${step}${query}`, { method: "POST", credentials: "same-origin", headers: { "content-type": "text/csv" }, body: file });
  const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (res.status === 422 && data.preview) return data.preview as ImportPreview;
  if (!res.ok) throw new ApiError(String(data.error ?? "internal"), res.status, 0, data);
  return data as unknown as ImportPreview | ImportResult;
}
