/**
 * P4: GET /api/pages/:pageId/plan, the page's calendar-thematic plan, for
 * whoever may open the page (staff with access; never parents or students).
 * Read-only here: the editor is curriculum-routes.ts.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { journalAccess } from "../../shared/permissions.ts";
import { authenticate } from "../auth/authenticate.ts";
import type { SessionManager } from "../auth/sessions.ts";
import type { SchoolRepository } from "../storage/school-repository.ts";
import type { PlanRepository } from "../storage/plan-repository.ts";
import { HttpError, sendJson } from "./respond.ts";

export interface PlanDeps {
  sessions: SessionManager;
  school: SchoolRepository;
  plans: PlanRepository;
}

export function createPlanApi(deps: PlanDeps) {
  return {
    async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
      const m = /^\/api\/pages\/([0-9]{1,12})\/plan$/.exec(url.pathname);
      if (!m || req.method !== "GET") return false;
      const auth = authenticate(req, deps.sessions, deps.school);
      if (!auth) throw new HttpError(401, "unauthenticated");
      const facts = deps.school.pageFacts(m[1]!);
      if (!facts) throw new HttpError(404, "not-found");
      const access = journalAccess(auth.actor, facts);
      if (!access.ok) throw new HttpError(403, access.code);
      sendJson(res, 200, { topics: deps.plans.planOfPage(m[1]!) });
      return true;
    },
  };
}
