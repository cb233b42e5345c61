/** A diary is the server's projection: every change a client makes to it is refused. */
import type { GuardPolicy } from "./update-guard.ts";

export type DiaryChange = { kind: "structure"; path: string };

export const diaryPolicy: GuardPolicy<DiaryChange> = {
  structural: (path) => ({ kind: "structure", path }),
  observe() {},
  isAllowedType: () => false,
};
