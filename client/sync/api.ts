/**
 * The client's only door to the HTTP API. The last /api/me answer is kept in
 * localStorage so the app starts with no network (C1).
 */
import type { Me, SignInRequest } from "../../shared/api.ts";
import type { AttachmentRef } from "../../shared/journal-schema.ts";
import type { PlanTopic } from "../../shared/thematic-plan.ts";

const ME_CACHE = "zhurnal:me";

export class ApiError extends Error {
  constructor(readonly code: string, readonly status: number, readonly retryAfterSeconds = 0, readonly body: Record<string, unknown> = {}) {
    super(code);
  }
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: "same-origin",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => ({}))) as { error?: string; retryAfterSeconds?: number };
  if (!res.ok) throw new ApiError(data.error ?? "internal", res.status, data.retryAfterSeconds ?? 0, data);
  return data as T;
}

export type MeResult = { kind: "signed-in"; me: Me; offline: boolean } | { kind: "signed-out" };

/** Who is signed in: from the server, or from the cache when the network is down. */
export async function loadMe(): Promise<MeResult> {
  try {
    const me = await request<Me>("GET", "/api/me");
    localStorage.setItem(ME_CACHE, JSON.stringify(me));
    return { kind: "signed-in", me, offline: false };
  } catch (err) {
    if (err instanceof ApiError) {
      localStorage.removeItem(ME_CACHE);
      return { kind: "signed-out" };
    }
    const cached = localStorage.getItem(ME_CACHE);
    return cached ? { kind: "signed-in", me: JSON.parse(cached) as Me, offline: true } : { kind: "signed-out" };
  }
}

export async function signIn(body: SignInRequest): Promise<Me> {
  await request("POST", "/api/session", body);
  const result = await loadMe();
  if (result.kind !== "signed-in") throw new ApiError("unauthenticated", 401);
  return result.me;
}

export async function signOut(): Promise<void> {
  localStorage.removeItem(ME_CACHE);
  await request("DELETE", "/api/session").catch(() => undefined);
}

/** J2: sends a file for a lesson's homework; the server lists it in the lesson once stored. */
export async function uploadAttachment(lessonId: string, file: Blob & { name: string }): Promise<AttachmentRef> {
  const res = await fetch(`/api/lessons/${encodeURIComponent(lessonId)}/attachments`, {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/octet-stream", "x-file-name": encodeURIComponent(file.name) },
    body: file,
  });
  const data = (await res.json().catch(() => ({}))) as AttachmentRef & { error?: string };
  if (!res.ok) throw new ApiError(data.error ?? "internal", res.status);
  return data;
}

export async function removeAttachment(id: string): Promise<void> {
  await request("DELETE", `/api/attachments/${encodeURIComponent(id)}`);
}

export function attachmentUrl(id: string): string {
  return `/api/attachments/${encodeURIComponent(id)}`;
}

/**
 * P4: the page's calendar-thematic plan. Kept in localStorage, so the lesson
 * editor offers the plan's topics offline too (C1).
 */
export async function loadPlan(pageId: string): Promise<PlanTopic[]> {
  const cacheKey = `zhurnal:plan:${pageId}`;
  try {
    const { topics } = await request<{ topics: PlanTopic[] }>("GET", `/api/pages/${encodeURIComponent(pageId)}/plan`);
    localStorage.setItem(cacheKey, JSON.stringify(topics));
    return topics;
  } catch {
    const cached = localStorage.getItem(cacheKey);
    return cached ? (JSON.parse(cached) as PlanTopic[]) : [];
  }
}
