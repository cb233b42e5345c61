/** A hash router: `#/`, `#/journal/<pageId>`, `#/diary/<studentId>`, `#/messages[/<conversationId>]`, `#/usage[/<classId>]`, `#/reports`, `#/print/<pageId>/<periodId>`, `#/staff`, `#/class[/<classId>]`, `#/import`, `#/activate`, `#/setup[/<yearId>|new]`, `#/timetable/<classId>`, `#/substitutions[/<date>]`, `#/groups[/<classId>]`, `#/plans[/<subjectId>/<grade>]`, `#/curriculum`, `#/movement`, `#/years`. */
import { createSignal } from "solid-js";

export type Route =
  | { name: "home" }
  | { name: "journal"; pageId: string }
  | { name: "diary"; studentId: string }
  | { name: "messages"; conversationId: string | null }
  | { name: "usage"; classId: string | null }
  | { name: "reports" }
  | { name: "print"; pageId: string; periodId: string }
  | { name: "staff" }
  | { name: "class"; classId: string | null }
  | { name: "import" }
  | { name: "activate" }
  | { name: "setup"; yearId: string | null }
  | { name: "timetable"; classId: string }
  | { name: "substitutions"; date: string | null }
  | { name: "groups"; classId: string | null }
  | { name: "plans"; subjectId: string | null; grade: number | null }
  | { name: "curriculum" }
  | { name: "movement" }
  | { name: "years" };

function parse(hash: string): Route {
  const [, kind, id] = hash.replace(/^#/, "").split("/");
  if (kind === "journal" && id) return { name: "journal", pageId: id };
  if (kind === "diary" && id) return { name: "diary", studentId: id };
  if (kind === "messages") return { name: "messages", conversationId: id || null };
  if (kind === "usage") return { name: "usage", classId: id || null };
  if (kind === "reports") return { name: "reports" };
  const printed = /^#\/print\/([A-Za-z0-9_-]+)\/([A-Za-z0-9_-]+)$/.exec(hash);
  if (printed) return { name: "print", pageId: printed[1]!, periodId: printed[2]! };
  if (kind === "staff") return { name: "staff" };
  if (kind === "class") return { name: "class", classId: id || null };
  if (kind === "import") return { name: "import" };
  if (kind === "activate") return { name: "activate" };
  if (kind === "setup") return { name: "setup", yearId: id || null };
  if (kind === "timetable" && id) return { name: "timetable", classId: id };
  if (kind === "substitutions") return { name: "substitutions", date: id || null };
  // School set-up (issue 5): subgroups, plans, curriculum, movement, year close.
  if (kind === "groups") return { name: "groups", classId: id || null };
  const plan = /^#\/plans\/(\d+)\/(\d+)$/.exec(hash);
  if (plan) return { name: "plans", subjectId: plan[1]!, grade: Number(plan[2]) };
  if (kind === "plans") return { name: "plans", subjectId: null, grade: null };
  if (kind === "curriculum") return { name: "curriculum" };
  if (kind === "movement") return { name: "movement" };
  if (kind === "years") return { name: "years" };
  return { name: "home" };
}

const [route, setRoute] = createSignal<Route>(parse(location.hash));
window.addEventListener("hashchange", () => setRoute(parse(location.hash)));

export { route };
