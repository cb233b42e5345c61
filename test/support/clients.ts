/**
 * Node clients of the real server: sign in over HTTP, then open documents with
 * a stock y-websocket provider carrying the session cookie, as another
 * client implementation would (docs/protocol.md).
 */
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import WebSocket from "ws";
import * as decoding from "lib0/decoding";
import { MESSAGE_NOTICE, type Notice } from "../../shared/protocol.ts";
import { DEMO_PASSWORD } from "../../server/seed/demo-school.ts";
import type { Me } from "../../shared/api.ts";

// Every y-websocket provider in Node adds a process "exit" listener; tests open many.
process.setMaxListeners(500);

export async function signIn(baseUrl: string, login: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await fetch(`${baseUrl}/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ login, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${login} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get("set-cookie") ?? "";
  return cookie.split(";")[0]!;
}

/** An administrator changes the school's rules (e.g. a wider edit window for a test that writes past lessons). */
export async function setRules(baseUrl: string, rules: Record<string, unknown>): Promise<void> {
  const cookie = await signIn(baseUrl, "admin");
  const res = await fetch(`${baseUrl}/api/settings/rules`, { method: "PATCH", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify(rules) });
  if (res.status !== 200) throw new Error(`rules: ${res.status} ${await res.text()}`);
}

/** POST/PATCH as a signed-in user; returns status and JSON body. */
export async function call(baseUrl: string, cookie: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { cookie, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

export async function me(baseUrl: string, cookie: string): Promise<Me> {
  const res = await fetch(`${baseUrl}/api/me`, { headers: { cookie } });
  if (res.status !== 200) throw new Error(`/api/me: ${res.status}`);
  return (await res.json()) as Me;
}

export interface DocClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  notices: Notice[];
  closed: Promise<{ code: number; reason: string }>;
  synced(): Promise<void>;
  destroy(): void;
}

export function openDoc(baseUrl: string, cookie: string, docName: string, doc = new Y.Doc(), Socket?: typeof WebSocket): DocClient {
  const wsUrl = baseUrl.replace(/^http/, "ws") + "/sync";
  class CookieWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  }
  const provider = new WebsocketProvider(wsUrl, docName, doc, {
    WebSocketPolyfill: (Socket ?? CookieWebSocket) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  const notices: Notice[] = [];
  provider.messageHandlers[MESSAGE_NOTICE] = (_encoder, decoder: decoding.Decoder) => {
    notices.push(JSON.parse(decoding.readVarString(decoder)) as Notice);
  };
  const closed = new Promise<{ code: number; reason: string }>((ok) => provider.on("closed", (e) => ok(e)));
  return {
    doc,
    provider,
    notices,
    closed,
    synced: () =>
      new Promise<void>((ok, fail) => {
        if (provider.synced) return ok();
        const t = setTimeout(() => fail(new Error(`${docName} did not sync`)), 15_000);
        provider.once("sync", (s: boolean) => {
          if (s) {
            clearTimeout(t);
            ok();
          }
        });
        void closed.then((e) => fail(new Error(`${docName} closed: ${e.code} ${e.reason}`)));
      }),
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Polls until `check` holds; fails with `what` after the time limit. */
export async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A bare WebSocket on the sync endpoint, for sending exactly the bytes a tampered client would. */
export async function rawSync(baseUrl: string, cookie: string, docName: string) {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, "ws")}/sync/${docName}`, { headers: { cookie } });
  const received: Uint8Array[] = [];
  ws.on("message", (data: Buffer) => received.push(new Uint8Array(data)));
  const closed = new Promise<{ code: number; reason: string }>((ok) => ws.on("close", (code, reason) => ok({ code, reason: reason.toString() })));
  await new Promise<void>((ok, fail) => {
    ws.once("open", () => ok());
    ws.once("error", fail);
  });
  return { ws, received, closed, send: (bytes: Uint8Array) => ws.send(bytes) };
}
