/**
 * A benchmark client process (`node --import tsx bench/client-worker.ts`):
 * opens documents with stock y-websocket providers over `ws`, carrying each
 * person's session cookie, as the app does (disableBc). Observers time every
 * cell that appears (journal cell or diary entry) as `Date.now() - at`, `at`
 * being the writer's clock when it typed the mark (same machine clock).
 * Writers type marks at a fixed rate, open loop.
 *
 * Config: the BENCH_WORKER environment variable (JSON, WorkerConfig).
 * Protocol: JSON lines on stdout ({type:"ready"}, {type:"done"}, {type:"result"});
 * commands on stdin: "write" (start typing), "stop" (report and exit).
 */
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import WebSocket from "ws";
import * as decoding from "lib0/decoding";
import { cellKey, cellsMap, decodeCell, encodeCell, readLessons, readRoster, type CellEntry } from "../shared/journal-schema.ts";
import { diaryEntriesMap } from "../shared/diary-schema.ts";
import { ORIGIN } from "../shared/origins.ts";
import { MESSAGE_NOTICE } from "../shared/protocol.ts";
import { createRandom } from "../test/support/random.ts";

export interface WorkerDoc {
  cookie: string;
  name: string;
  kind: "journal" | "diary";
  /** Time cells appearing in this document. */
  observe?: boolean;
  /** Type marks into this document as this user (the page's teacher). */
  author?: string;
  /** Connect this many ms after `startAt` (a morning's arrivals); default: at once, in batches. */
  connectAfterMs?: number;
  /** The server (cluster node) this document's connection goes to; default: the config's url. */
  url?: string;
}

export interface WorkerConfig {
  url: string;
  /** Add to Date.now() for the server's clock (JOURNAL_NOW). */
  clockOffset: number;
  /** The server's today (ISO): only lessons before it, within the edit window, are written. */
  today: string;
  windowDays: number;
  docs: WorkerDoc[];
  /** Marks per second per writing document. */
  rate?: number;
  /** Marks per writing document, then stop typing and report {type:"done"}. */
  maxMarks?: number;
  /** Presence on (a name, renewed every 15 s); otherwise no local state. */
  awareness?: boolean;
  /** With presence: the cursor follows the typing (one awareness update per mark, as the grid does). */
  cursor?: boolean;
  /** Wall-clock ms at which arrivals (`connectAfterMs`) start. */
  startAt?: number;
  /** Give up waiting for connections after this long (ms). */
  connectTimeoutMs?: number;
  seed?: number;
}

export interface WorkerResult {
  latencies: { journal: number[]; diary: number[] };
  /** Wall-clock time (ms) of each latency sample, same order. */
  seenAt: { journal: number[]; diary: number[] };
  /** Connect-to-synced times (ms) of the documents that synced. */
  connectMs: number[];
  connected: number;
  written: number;
  /** Refusal notices received (a mark the server refused never reaches observers). */
  refused: number;
  /** Sockets that closed while the run was on (a 44xx refusal, 1011, 1013, a timeout). */
  closes: number;
  closeCodes: Record<string, number>;
}

process.setMaxListeners(100_000);
const cfg = JSON.parse(process.env.BENCH_WORKER ?? "{}") as WorkerConfig;
const rnd = createRandom(cfg.seed ?? 1);
const result: WorkerResult = { latencies: { journal: [], diary: [] }, seenAt: { journal: [], diary: [] }, connectMs: [], connected: 0, written: 0, refused: 0, closes: 0, closeCodes: {} };
const providers: WebsocketProvider[] = [];
let stopping = false;
const watchFrom = Date.now() + cfg.clockOffset;

const send = (msg: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(msg)}\n`);

interface Opened {
  spec: WorkerDoc;
  doc: Y.Doc;
  provider: WebsocketProvider;
  synced: Promise<boolean>;
}

function open(spec: WorkerDoc): Opened {
  const doc = new Y.Doc();
  class CookieSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie: spec.cookie } });
    }
  }
  const begun = performance.now();
  const provider = new WebsocketProvider(`${(spec.url ?? cfg.url).replace(/^http/, "ws")}/sync`, spec.name, doc, {
    WebSocketPolyfill: CookieSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  if (cfg.awareness) provider.awareness.setLocalStateField("user", { name: `bench ${spec.name}`, color: "#36c" });
  else provider.awareness.setLocalState(null);
  provider.messageHandlers[MESSAGE_NOTICE] = (_encoder, decoder: decoding.Decoder) => {
    const notice = JSON.parse(decoding.readVarString(decoder)) as { changes?: unknown[] };
    result.refused += notice.changes?.length ?? 1;
  };
  provider.on("connection-close", (event: { code: number } | null) => {
    if (stopping) return;
    result.closes++;
    const code = String(event?.code ?? "?");
    result.closeCodes[code] = (result.closeCodes[code] ?? 0) + 1;
  });
  providers.push(provider);
  if (spec.observe) {
    // Only live updates count: what a client finds in its initial sync (step 2) was typed before it connected.
    const seen = (at: number, kind: "journal" | "diary") => {
      if (at < watchFrom || !provider.synced) return;
      const now = Date.now();
      result.latencies[kind].push(now - (at - cfg.clockOffset));
      result.seenAt[kind].push(now);
    };
    if (spec.kind === "journal") {
      const cells = cellsMap(doc);
      cells.observe((e) => {
        if (e.transaction.origin === ORIGIN.local) return;
        for (const key of e.keysChanged) {
          const v = decodeCell(cells.get(key));
          if (v) seen(v.at, "journal");
        }
      });
    } else {
      const entries = diaryEntriesMap(doc);
      entries.observe((e) => {
        for (const key of e.keysChanged) {
          const v = entries.get(key);
          if (v) seen(v.at, "diary");
        }
      });
    }
  }
  const synced = new Promise<boolean>((ok) => {
    const timer = setTimeout(() => ok(false), cfg.connectTimeoutMs ?? 120_000);
    provider.on("sync", (s: boolean) => {
      if (!s) return;
      clearTimeout(timer);
      result.connectMs.push(performance.now() - begun);
      result.connected++;
      ok(true);
    });
    provider.on("closed", () => {
      clearTimeout(timer);
      ok(false);
    });
  });
  return { spec, doc, provider, synced };
}

/** Cells of lessons that have started and are still open (before today, inside the edit window), shuffled. */
function writableKeys(doc: Y.Doc): string[] {
  const from = new Date(Date.parse(`${cfg.today}T00:00:00Z`) - (cfg.windowDays - 2) * 86_400_000).toISOString().slice(0, 10);
  const lessons = readLessons(doc).filter((l) => l.date < cfg.today && l.date >= from);
  const keys = readRoster(doc).filter((s) => s.leftOn === null).flatMap((s) => lessons.map((l) => cellKey(s.id, l.id)));
  for (let i = keys.length - 1; i > 0; i--) {
    const j = rnd.int(i + 1);
    [keys[i], keys[j]] = [keys[j]!, keys[i]!];
  }
  return keys;
}

const VALUES = ["5", "4", "3", "4", "5", "2", "Н", "4"];

interface Typing {
  stop(): void;
  /** Stops typing until `resume`, which carries on at the same rate without making up for the pause. */
  pause(): void;
  resume(): void;
}

function startWriting(opened: Opened[]): Typing {
  const targets = opened
    .filter((o) => o.spec.author !== undefined && o.provider.synced)
    // Each writer keeps its own rhythm: people do not type in step, so a second's marks are spread over the second.
    .map((o) => ({ ...o, keys: writableKeys(o.doc), n: 0, phase: rnd.next() }));
  const empty = targets.filter((t) => t.keys.length === 0);
  if (empty.length > 0) throw new Error(`no writable cells in ${empty.map((t) => t.spec.name).join(", ")}`);
  const rate = cfg.rate ?? 20;
  const max = cfg.maxMarks ?? Infinity;
  let t0 = performance.now();
  let done = false;
  const tick = () => {
    const typed = ((performance.now() - t0) / 1000) * rate;
    let behind = max === Infinity;
    for (const t of targets) {
      const due = Math.min(max, Math.floor(typed + t.phase));
      if (due < max) behind = true;
      while (t.n < due) {
        const key = t.keys[t.n % t.keys.length]!;
        const value = VALUES[(t.n + Math.floor(t.n / t.keys.length)) % VALUES.length]!;
        const at = Date.now() + cfg.clockOffset;
        const entry: CellEntry = value === "Н" ? { value, at, by: t.spec.author! } : { value, at, by: t.spec.author!, workType: "answer" };
        t.doc.transact(() => cellsMap(t.doc).set(key, encodeCell(entry)), ORIGIN.local);
        if (cfg.awareness && cfg.cursor) t.provider.awareness.setLocalStateField("cursor", { cell: key });
        t.n++;
        result.written++;
      }
    }
    if (!done && !behind) {
      done = true;
      send({ type: "done", written: result.written });
    }
  };
  const every = Math.max(2, Math.min(50, Math.floor(250 / rate)));
  let timer: NodeJS.Timeout | null = setInterval(tick, every);
  let pausedAt = 0;
  const stop = () => {
    if (timer) clearInterval(timer);
    timer = null;
  };
  return {
    stop,
    pause() {
      if (!timer) return;
      tick();
      stop();
      pausedAt = performance.now();
    },
    resume() {
      if (timer) return;
      t0 += performance.now() - pausedAt;
      timer = setInterval(tick, every);
    },
  };
}

async function main(): Promise<void> {
  const opened: Opened[] = [];
  const scheduled = cfg.docs.filter((d) => d.connectAfterMs !== undefined);
  const immediate = cfg.docs.filter((d) => d.connectAfterMs === undefined);
  // At once, in batches of 25 (each batch synced before the next), like many people arriving together.
  for (let i = 0; i < immediate.length; i += 25) {
    const batch = immediate.slice(i, i + 25).map(open);
    opened.push(...batch);
    await Promise.all(batch.map((o) => o.synced));
  }
  if (scheduled.length > 0) {
    const start = cfg.startAt ?? Date.now();
    const pending = scheduled.map(
      (spec) =>
        new Promise<boolean>((ok) =>
          setTimeout(() => {
            const o = open(spec);
            opened.push(o);
            void o.synced.then(ok);
          }, Math.max(0, start + spec.connectAfterMs! - Date.now())),
        ),
    );
    await Promise.all(pending);
  }
  send({ type: "ready", connected: result.connected, expected: cfg.docs.length });

  let typing: Typing | null = null;
  let buffer = "";
  process.stdin.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    let nl: number;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      const cmd = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (cmd === "write") typing = startWriting(opened);
      if (cmd === "pause") typing?.pause();
      if (cmd === "resume") typing?.resume();
      if (cmd === "stop") {
        stopping = true;
        typing?.stop();
        send({ type: "result", ...result });
        for (const p of providers) p.destroy();
        setTimeout(() => process.exit(0), 200);
      }
    }
  });
}

void main();
