/** Small pieces the people and set-up routes share: who is acting, the request's object, refusals with the fields at fault. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Actor } from "../../shared/roles.ts";
import type { FieldError, RightDecision } from "../../shared/people.ts";
import { authenticate, type Authenticated } from "../auth/authenticate.ts";
import type { SessionManager } from "../auth/sessions.ts";
import type { SchoolRepository } from "../storage/school-repository.ts";
import { HttpError, sendJson } from "./respond.ts";
import { readJson } from "./read-body.ts";

/** The request's JSON body, which must be an object. */
export async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  const b = await readJson(req);
  if (typeof b !== "object" || b === null || Array.isArray(b)) throw new HttpError(400, "bad-request");
  return b as Record<string, unknown>;
}

/** A refusal naming the fields at fault: `{error, fields: [{field, code}]}`. */
export class FieldsError extends HttpError {
  constructor(readonly errors: FieldError[], status = 400, extra: Record<string, unknown> = {}) {
    super(status, errors[0]!.code);
    this.extra = extra;
  }
  extra: Record<string, unknown>;
}

export function sendFieldsError(res: ServerResponse, err: FieldsError): void {
  sendJson(res, err.status, { error: err.code, fields: err.errors, ...err.extra });
}

export function signedIn(req: IncomingMessage, sessions: SessionManager, school: SchoolRepository): Authenticated {
  const auth = authenticate(req, sessions, school);
  if (!auth) throw new HttpError(401, "unauthenticated");
  return auth;
}

/** Throws the rule's refusal (403) unless it allows. */
export function require(decision: RightDecision): void {
  if (!decision.ok) throw new HttpError(403, decision.code);
}

export type RouteGroup = { handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> };

/** Wraps a route group so that FieldsError refusals keep their fields on the way out. */
export function withFieldErrors(group: RouteGroup): RouteGroup {
  return {
    async handle(req, res, url) {
      try {
        return await group.handle(req, res, url);
      } catch (err) {
        if (err instanceof FieldsError) {
          sendFieldsError(res, err);
          return true;
        }
        throw err;
      }
    },
  };
}

export type { Actor };
