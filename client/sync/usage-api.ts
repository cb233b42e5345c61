/** A4: the diary usage table over HTTP. */
import type { DiaryUsage, DiaryUsageClasses } from "../../shared/diary-usage.ts";
import { request } from "./api.ts";

export function loadUsageClasses(): Promise<DiaryUsageClasses> {
  return request<DiaryUsageClasses>("GET", "/api/usage/diary");
}

export function loadDiaryUsage(classId: string): Promise<DiaryUsage> {
  return request<DiaryUsage>("GET", `/api/usage/diary?classId=${encodeURIComponent(classId)}`);
}
