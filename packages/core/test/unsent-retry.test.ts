// Writes that are not idempotent but carry a key (retry: "unsent") are sent again only when the
// request provably never left; "ambiguous" also retries failures after which the server may have
// acted. Each case runs on both engines against a real loopback server that counts what it got.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Agent, buildConnector } from "undici";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApiClient } from "../src/client.js";
import { isConnectFailure } from "../src/connect-failure.js";
import { ImApiError } from "../src/errors.js";
import type { RetryScope } from "../src/transport.js";
import { engines } from "./engines.js";

type Result = { data?: unknown; response: Response };
type Loose = { POST: (p: string, i?: object) => Promise<Result> };

interface Scripted {
  url: string;
  port: number;
  /** Bodies of the requests the server read in full, in order. */
  received: string[];
  listen(): Promise<void>;
  close(): Promise<void>;
}

/** A loopback server that reads each request in full, records it, then does what `act` says. */
function scripted(act: (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void): Scripted {
  const received: string[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => {
      received.push(body);
      act(req, res, received.length);
    });
  });
  const s: Scripted = {
    url: "",
    port: 0,
    received,
    listen: () =>
      new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(s.port, "127.0.0.1", () => {
          s.port = (server.address() as AddressInfo).port;
          s.url = `http://127.0.0.1:${s.port}`;
          resolve();
        });
      }),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return s;
}

const open: Scripted[] = [];
async function start(act: Parameters<typeof scripted>[0]): Promise<Scripted> {
  const s = scripted(act);
  await s.listen();
  open.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close().catch(() => undefined)));
});

const ok = (res: http.ServerResponse) => res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
const body = { key: "k-1", text: "hello" };

describe.each(engines)("retry scopes of a keyed write ($engine)", ({ engine, options }) => {
  const client = (url: string, scope: RetryScope, opts: object = {}) =>
    createApiClient({ api: "test", operations: { "POST /send": { operationId: "send", retrySafe: false, retry: scope } } }, {
      baseUrl: url,
      retry: { minDelayMs: 1, maxDelayMs: 5 },
      ...options,
      ...opts,
    }) as unknown as Loose;
  const failure = (call: Promise<Result>) => call.then(() => expect.unreachable("the call succeeded"), (e: unknown) => e as ImApiError);

  it("retries a connection refused before sending, and the request arrives exactly once", async () => {
    const s = await start((_req, res) => ok(res));
    await s.close(); // the port now refuses connections
    const reasons: string[] = [];
    let listening: Promise<void> | undefined;
    const c = client(s.url, "unsent", {
      retry: { retries: 20, minDelayMs: 5, maxDelayMs: 50 },
      onRetry: ({ reason }: { reason: string }) => {
        reasons.push(reason);
        listening ??= s.listen(); // same port: the next attempts find it listening once this resolves
      },
    });
    const { data, response } = await c.POST("/send", { body });
    await listening;
    expect(response.status).toBe(200);
    expect(data).toEqual({ ok: true });
    expect(reasons.length).toBeGreaterThanOrEqual(1);
    expect(reasons[0]).toMatch(/ECONNREFUSED/);
    expect(s.received).toEqual([JSON.stringify(body)]);
  });

  it("does not retry a connection reset after the server read the request", async () => {
    const s = await start((req) => req.socket.resetAndDestroy());
    const error = await failure(client(s.url, "unsent").POST("/send", { body }));
    expect(error).toBeInstanceOf(ImApiError);
    expect(error).toMatchObject({ api: "test", operation: "send", kind: "network", neverSent: false });
    expect(error.message).toMatch(/^test send: network error: .+ \(not retried: the server may have received it\)$/);
    expect(s.received).toEqual([JSON.stringify(body)]);
  });

  it("does not retry a timeout after the server read the request", async () => {
    const s = await start(() => undefined); // reads the body, never answers
    const error = await failure(client(s.url, "unsent", { timeoutMs: 300 }).POST("/send", { body }));
    expect(error).toMatchObject({ operation: "send", kind: "timeout", neverSent: false, message: "test send: no response within 300 ms (not retried: the server may have received it)" });
    // On a busy machine the server may read the body only after the client gave up.
    await vi.waitFor(() => expect(s.received).toHaveLength(1));
  });

  it.each([
    [503, { "retry-after": "0" }],
    [503, {}],
    [429, { "retry-after": "0" }],
    [502, {}],
    [504, {}],
  ])("returns HTTP %i %j as it came, without retrying", async (status, headers) => {
    const s = await start((_req, res) => res.writeHead(status, headers).end());
    const { response } = await client(s.url, "unsent").POST("/send", { body });
    expect(response.status).toBe(status);
    expect(s.received).toHaveLength(1);
  });

  it('retries the ambiguous failures with retry: "ambiguous", sending the same body each time', async () => {
    const reset = await start((req) => req.socket.resetAndDestroy());
    const error = await failure(client(reset.url, "ambiguous").POST("/send", { body }));
    expect(error).toMatchObject({ kind: "network", neverSent: false });
    expect(error.message).toMatch(/\(after 3 attempts\)$/);
    expect(reset.received).toEqual(Array(3).fill(JSON.stringify(body)));

    const stall = await start(() => undefined);
    const timeout = await failure(client(stall.url, "ambiguous", { timeoutMs: 300 }).POST("/send", { body }));
    expect(timeout).toMatchObject({ kind: "timeout", message: "test send: no response within 300 ms (after 3 attempts)" });
    await vi.waitFor(() => expect(stall.received).toHaveLength(3));

    const busy = await start((_req, res, n) => (n === 1 ? res.writeHead(503, { "retry-after": "0" }).end() : ok(res)));
    const { response } = await client(busy.url, "ambiguous").POST("/send", { body });
    expect(response.status).toBe(200);
    expect(busy.received).toEqual([JSON.stringify(body), JSON.stringify(body)]);
  });

  it('never resends with retry: "never", not even a refused connection', async () => {
    const s = await start((_req, res) => ok(res));
    await s.close();
    let retried = 0;
    const error = await failure(client(s.url, "never", { onRetry: () => retried++ }).POST("/send", { body }));
    expect(error).toMatchObject({ kind: "network", neverSent: true });
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(error.message).not.toMatch(/not retried/);
    expect(retried).toBe(0);
  });

  it("says a refused send was never sent when the retries run out", async () => {
    const s = await start((_req, res) => ok(res));
    await s.close();
    const error = await failure(client(s.url, "unsent").POST("/send", { body }));
    expect(error).toMatchObject({ kind: "network", neverSent: true });
    expect(error.message).toMatch(/ECONNREFUSED.* \(after 3 attempts\)$/);
  });

  if (engine === "fetch") {
    it("treats a TypeError from fetch with no cause as ambiguous", async () => {
      // What a browser gives for a CORS refusal of an answer the server already sent: the server
      // got the request, the page sees only `TypeError: Failed to fetch`.
      const s = await start((_req, res) => ok(res));
      const corsBlocked: typeof fetch = async (input, init) => {
        await fetch(input, init);
        throw new TypeError("Failed to fetch");
      };
      const error = await failure(client(s.url, "unsent", { fetch: corsBlocked }).POST("/send", { body }));
      expect(error).toMatchObject({ kind: "network", neverSent: false, message: "test send: network error: Failed to fetch (not retried: the server may have received it)" });
      expect(s.received).toHaveLength(1);

      await failure(client(s.url, "ambiguous", { fetch: corsBlocked }).POST("/send", { body }));
      expect(s.received).toHaveLength(4);
    });
  }

  if (engine === "undici") {
    it("retries an attempt whose connect never completed, and the request arrives exactly once", async () => {
      const s = await start((_req, res) => ok(res));
      const connect = buildConnector({});
      let connects = 0;
      // The first connect hangs, as one does when SYNs are dropped; the next ones go through.
      const dispatcher = new Agent({ connect: (opts, callback) => (connects++ === 0 ? undefined : connect(opts, callback)) });
      const reasons: string[] = [];
      const c = client(s.url, "unsent", { timeoutMs: 300, dispatcher, onRetry: ({ reason }: { reason: string }) => reasons.push(reason) });
      const { response } = await c.POST("/send", { body });
      expect(response.status).toBe(200);
      expect(reasons).toEqual(["not sent within 300 ms"]);
      expect(s.received).toEqual([JSON.stringify(body)]);
      await dispatcher.destroy();
    });

    it("reports a connect that never completed as a timeout that was never sent", async () => {
      const dispatcher = new Agent({ connect: () => undefined });
      const started = Date.now();
      const error = await failure(client("http://127.0.0.1:9", "unsent", { timeoutMs: 200, dispatcher }).POST("/send", { body }));
      expect(error).toMatchObject({ kind: "timeout", neverSent: true, message: "test send: not sent within 200 ms (after 3 attempts)" });
      // Each attempt ends at its own timeout, not at undici's 10 s connect timeout.
      expect(Date.now() - started).toBeLessThan(5000);
      await dispatcher.destroy();
    });
  }
});

describe("isConnectFailure: what a fetch failure proves", () => {
  const url = "http://im.example:5001/message/send";
  const sysError = (props: object) => Object.assign(new Error("x"), props);
  const fetchFailed = (cause: unknown) => new TypeError("fetch failed", { cause });

  it("accepts a refused or unreachable connect to the request's port, and a failed lookup of its host", () => {
    expect(isConnectFailure(fetchFailed(sysError({ code: "ECONNREFUSED", syscall: "connect", address: "10.0.0.5", port: 5001 })), url)).toBe(true);
    expect(isConnectFailure(fetchFailed(sysError({ code: "EHOSTUNREACH", syscall: "connect", address: "10.0.0.5", port: 5001 })), url)).toBe(true);
    expect(isConnectFailure(fetchFailed(sysError({ code: "ENOTFOUND", syscall: "getaddrinfo", hostname: "im.example" })), url)).toBe(true);
    expect(isConnectFailure(fetchFailed(sysError({ code: "EAI_AGAIN", syscall: "getaddrinfo", hostname: "im.example" })), url)).toBe(true);
    const eyeballs = Object.assign(
      new AggregateError([sysError({ code: "ECONNREFUSED", syscall: "connect", address: "::1", port: 5001 }), sysError({ code: "ECONNREFUSED", syscall: "connect", address: "127.0.0.1", port: 5001 })]),
      { code: "ECONNREFUSED" },
    );
    expect(isConnectFailure(fetchFailed(eyeballs), url)).toBe(true);
    expect(isConnectFailure(sysError({ code: "ECONNREFUSED", syscall: "connect", address: "10.0.0.5", port: 80 }), "http://10.0.0.5/x")).toBe(true);
    expect(isConnectFailure(sysError({ code: "ECONNREFUSED", syscall: "connect", address: "::1", port: 5001 }), "http://[::1]:5001/x")).toBe(true);
  });

  it("refuses everything that may come after the request was sent", () => {
    expect(isConnectFailure(new TypeError("Failed to fetch"), url)).toBe(false);
    expect(isConnectFailure(new TypeError("NetworkError when attempting to fetch resource."), url)).toBe(false);
    expect(isConnectFailure(fetchFailed(sysError({ code: "ECONNRESET", syscall: "read" })), url)).toBe(false);
    expect(isConnectFailure(fetchFailed(sysError({ code: "UND_ERR_SOCKET", socket: { bytesWritten: 233, bytesRead: 0 } })), url)).toBe(false);
    expect(isConnectFailure(fetchFailed(sysError({ code: "UND_ERR_CONNECT_TIMEOUT" })), url)).toBe(false);
    expect(isConnectFailure(new DOMException("The operation was aborted.", "AbortError"), url)).toBe(false);
    expect(isConnectFailure(new DOMException("no response within 10 ms", "TimeoutError"), url)).toBe(false);
    expect(isConnectFailure(new AggregateError([]), url)).toBe(false);
    expect(isConnectFailure(undefined, url)).toBe(false);
  });

  it("refuses a failure to reach somewhere else, such as a redirect's target", () => {
    expect(isConnectFailure(fetchFailed(sysError({ code: "ECONNREFUSED", syscall: "connect", address: "10.0.0.5", port: 443 })), url)).toBe(false);
    expect(isConnectFailure(fetchFailed(sysError({ code: "ENOTFOUND", syscall: "getaddrinfo", hostname: "other.example" })), url)).toBe(false);
    expect(isConnectFailure(sysError({ code: "ECONNREFUSED", syscall: "connect", address: "10.0.0.6", port: 5001 }), "http://10.0.0.5:5001/x")).toBe(false);
    const mixed = new AggregateError([sysError({ code: "ECONNREFUSED", syscall: "connect", port: 5001 }), sysError({ code: "ECONNRESET", syscall: "read" })]);
    expect(isConnectFailure(fetchFailed(mixed), url)).toBe(false);
  });
});
