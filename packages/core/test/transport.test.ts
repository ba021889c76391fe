import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ImApiError } from "../src/errors.js";
import { createApiClient } from "../src/client.js";
import { backoffMs, retryAfterMs } from "../src/transport.js";

// A loopback server whose behaviour each test scripts through the path.
let server: http.Server;
let base = "";
const hits = new Map<string, number>();
const bodies: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const key = req.url ?? "";
    const n = (hits.get(key) ?? 0) + 1;
    hits.set(key, n);
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      bodies.push(body);
      if (key.startsWith("/flaky-echo")) {
        if (n === 1) return void res.writeHead(503, { "retry-after": "0" }).end();
        return void res.writeHead(200, { "content-type": "application/json" }).end(body);
      }
      if (key.startsWith("/flaky")) {
        if (n === 1) return void res.writeHead(503, { "retry-after": "0" }).end();
        return void res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true,"id":1899123456789012345}');
      }
      if (key.startsWith("/always503")) return void res.writeHead(503).end();
      if (key.startsWith("/stall")) return; // never answers
      if (key.startsWith("/close")) return void req.socket.destroy();
      if (key.startsWith("/long-retry-after")) return void res.writeHead(429, { "retry-after": "3600" }).end();
      if (key.startsWith("/notjson")) return void res.writeHead(200, { "content-type": "application/json" }).end("<html>");
      res.writeHead(200, { "content-type": "application/json" }).end(body || "{}");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

type AnyPaths = Record<string, Record<string, unknown>>;
const ops = {
  "GET /flaky": { operationId: "getFlaky", retrySafe: true },
  "POST /flaky-post": { operationId: "postFlaky", retrySafe: false },
  "GET /always503": { operationId: "getAlways", retrySafe: true },
  "GET /stall": { operationId: "getStall", retrySafe: true },
  "GET /close": { operationId: "getClose", retrySafe: true },
  "POST /echo": { operationId: "echo", retrySafe: false },
};
// The tests call paths the generated types do not know, so they go through an untyped view.
type Loose = { GET: (p: string, i?: object) => Promise<{ data?: unknown; error?: unknown; response: Response }>; POST: (p: string, i?: object) => Promise<{ data?: unknown; error?: unknown; response: Response }> };
const client = (opts: object = {}) =>
  createApiClient<AnyPaths>({ api: "test", operations: ops }, { baseUrl: base, retry: { minDelayMs: 1, maxDelayMs: 5 }, ...opts }) as unknown as Loose;

describe("createApiClient transport", () => {
  it("retries a safe operation after 503 and returns the lossless body", async () => {
    const { data, response } = await client().GET("/flaky");
    expect(response.status).toBe(200);
    expect(data).toEqual({ ok: true, id: 1899123456789012345n });
    expect(hits.get("/flaky")).toBe(2);
  });

  it("does not retry an operation that is not safe to repeat", async () => {
    const { response } = await client().POST("/flaky-post", { body: {} });
    expect(response.status).toBe(503);
    expect(hits.get("/flaky-post")).toBe(1);
  });

  it("gives up after the configured retries and returns the last answer", async () => {
    const { response } = await client({ retry: { retries: 3, minDelayMs: 1, maxDelayMs: 2 } }).GET("/always503");
    expect(response.status).toBe(503);
    expect(hits.get("/always503")).toBe(4);
  });

  it("does not wait for a Retry-After longer than allowed", async () => {
    const { response } = await client().GET("/long-retry-after");
    expect(response.status).toBe(429);
    expect(hits.get("/long-retry-after")).toBe(1);
  });

  it("throws a timeout ImApiError naming the operation", async () => {
    const error = await client({ timeoutMs: 100, retry: false }).GET("/stall").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImApiError);
    expect(error).toMatchObject({ kind: "timeout", operation: "getStall", api: "test" });
  });

  it("throws a network ImApiError after retrying a closed connection", async () => {
    const error = await client().GET("/close").catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "network", operation: "getClose" });
    expect(hits.get("/close")).toBe(3);
  });

  it("stops at once when the caller aborts", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await client({ timeoutMs: 5000 }).GET("/stall", { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "aborted", operation: "getStall" });
  });

  it("sends bigint bodies losslessly", async () => {
    const { data } = await client().POST("/echo", { body: { message_ids: [1899123456789012345n] } });
    expect(data).toEqual({ message_ids: [1899123456789012345n] });
    expect(bodies.at(-1)).toBe('{"message_ids":[1899123456789012345]}');
  });

  it("reports a success body that is not JSON as invalid-response", async () => {
    const error = await client().GET("/notjson").catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "invalid-response", status: 200 });
  });

  it("rejects a baseUrl that is not http(s)", () => {
    expect(() => createApiClient({ api: "test", operations: {} }, { baseUrl: "localhost:5001" })).toThrow(/baseUrl must be an http\(s\) URL/);
  });
});

describe("backoff and Retry-After", () => {
  it("reads seconds and HTTP dates", () => {
    expect(retryAfterMs("2")).toBe(2000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(retryAfterMs("soon")).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });
  it("grows exponentially, capped, with jitter in range", () => {
    expect(backoffMs(0, 100, 1000, () => 1)).toBe(100);
    expect(backoffMs(3, 100, 1000, () => 1)).toBe(800);
    expect(backoffMs(6, 100, 1000, () => 1)).toBe(1000);
    expect(backoffMs(6, 100, 1000, () => 0)).toBe(0);
  });
});

describe("request bodies", () => {
  it("sends the body a middleware put in place of the serialised one", async () => {
    const c = createApiClient<AnyPaths>({ api: "test", operations: ops }, { baseUrl: base }, [
      { onRequest: ({ request }) => new Request(request, { body: '{"replaced":true}' }) },
    ]) as unknown as Loose;
    const { data } = await c.POST("/echo", { body: { original: true } });
    expect(data).toEqual({ replaced: true });
    expect(bodies.at(-1)).toBe('{"replaced":true}');
  });

  it("sends the same body on every attempt of a retried call", async () => {
    const c = createApiClient<AnyPaths>({ api: "test", operations: { ...ops, "POST /flaky-echo": { operationId: "flakyEcho", retrySafe: true } } }, { baseUrl: base, retry: { minDelayMs: 1, maxDelayMs: 2 } }) as unknown as Loose;
    const before = bodies.length;
    const { response } = await c.POST("/flaky-echo", { body: { n: 1 } });
    expect(response.status).toBe(200);
    expect(bodies.slice(before)).toEqual(['{"n":1}', '{"n":1}']);
  });
});
