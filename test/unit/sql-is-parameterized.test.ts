/**
 * Issue 9: every SQL statement is parameterized. Each statement the server
 * prepares or executes is a literal; a template literal may only splice in
 * constant SQL fragments of its own file, never a value.
 */
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";

const SERVER = resolve(import.meta.dirname, "../../server");
/** Statements that are not literals but are known constants: the schema migrations. */
const KNOWN_CONSTANT_ARGS = new Set(["MIGRATIONS[v]!"]);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/** The text of a template literal starting at `start` (a backtick), without the backticks. */
function templateAt(text: string, start: number): string {
  let i = start + 1;
  while (i < text.length && text[i] !== "`") i += text[i] === "\\" ? 2 : 1;
  return text.slice(start + 1, i);
}

function constantFragment(text: string, name: string): boolean {
  const decl = new RegExp(`const ${name}\\s*=\\s*(\`[^\`$]*\`|"[^"]*")\\s*;`);
  return decl.test(text);
}

export function unparameterizedStatements(file: string, text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/\b(?:db|this\.db)\s*\.\s*(?:prepare|exec)\s*(?:<[^>]*>)?\s*\(\s*|\.prepare\s*(?:<[^>]*>)?\s*\(\s*/g)) {
    const at = m.index! + m[0].length;
    const first = text[at];
    const line = text.slice(0, at).split("\n").length;
    const where = `${relative(SERVER, file)}:${line}`;
    if (first === '"' || first === "'" || first === "`") {
      const end = first === "`" ? at + templateAt(text, at).length + 1 : text.indexOf(first, at + 1);
      const next = text.slice(end + 1).trimStart()[0];
      if (next !== ")" && next !== ",") found.push(`${where}: statement is built by concatenation`);
    }
    if (first === '"' || first === "'") continue;
    if (first === "`") {
      const body = templateAt(text, at);
      for (const sub of body.matchAll(/\$\{([^}]*)\}/g)) {
        const expr = sub[1]!.trim();
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(expr) || !constantFragment(text, expr)) found.push(`${where}: splices \${${expr}}`);
      }
      continue;
    }
    const arg = text.slice(at, text.indexOf(")", at)).trim();
    if (!KNOWN_CONSTANT_ARGS.has(arg)) found.push(`${where}: statement is not a literal (${arg})`);
  }
  return found;
}

describe("SQL is parameterized (issue 9)", () => {
  it("every statement the server prepares or runs is a literal or splices only constant SQL of its own file", () => {
    const offending = filesUnder(SERVER).flatMap((f) => unparameterizedStatements(f, readFileSync(f, "utf8")));
    expect(offending).toEqual([]);
  });

  it("the check itself catches a value spliced into SQL", () => {
    const bad = 'const q = db.prepare(`SELECT * FROM users WHERE login = \'${login}\'`).get();';
    expect(unparameterizedStatements(join(SERVER, "x.ts"), bad)).toHaveLength(1);
    const concatenated = 'this.db.prepare("SELECT 1" + where).get();';
    expect(unparameterizedStatements(join(SERVER, "x.ts"), concatenated)).toHaveLength(1);
    const fine = 'const T = `users`;\nconst q = db.prepare(`SELECT * FROM ${T} WHERE login = ?`).get(login);';
    expect(unparameterizedStatements(join(SERVER, "x.ts"), fine)).toEqual([]);
  });
});
