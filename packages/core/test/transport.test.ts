import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ImApiError } from "../src/errors.js";
import { createApiClient } from "../src/client.js";
import { backoffMs, retryAfterMs } from "../src/transport.js";
import { Agent } from "undici";
import { engines } from "./engines.js";
import { gzipSync } from "node:zlib";

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
      if (key.startsWith("/half")) {
        res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
        return void res.write('{"partial":');
      }
      if (key.startsWith("/cookies")) {
        res.setHeader("set-cookie", ["a=1", "b=2"]);
        res.setHeader("x-multi", ["1", "2"]);
        return void res.writeHead(200, { "content-type": "application/json" }).end("{}");
      }
      if (key.startsWith("/redirected")) return void res.writeHead(200, { "content-type": "application/json" }).end('{"redirected":true}');
      if (key.startsWith("/redirect")) return void res.writeHead(302, { location: "/redirected" }).end();
      if (key.startsWith("/gzip")) {
        const zipped = gzipSync(JSON.stringify({ compressed: true, id: 1899123456789012345n }, (_k, v: unknown) => (typeof v === "bigint" ? `@${v}@` : v)).replace(/"@(\d+)@"/, "$1"));
        return void res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" }).end(zipped);
      }
      // wildfire im-server 1.4.8 labels its JSON this way; fetch leaves an unknown coding alone.
      if (key.startsWith("/utf8-coding")) return void res.writeHead(200, { "content-type": "application/json", "content-encoding": "utf-8" }).end('{"code":0}');
      if (key.startsWith("/badgzip")) return void res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" }).end("not gzip");
      if (key.startsWith("/empty")) return void res.writeHead(204).end();
      if (key.startsWith("/headers")) return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(req.headers));
      if (key.startsWith("/slow-stream")) {
        res.writeHead(200, { "content-type": "text/plain" });
        res.write("a");
        setTimeout(() => res.write("b"), 150);
        return void setTimeout(() => res.end("c"), 350);
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
  "GET /half": { operationId: "getHalf", retrySafe: true },
};
// The tests call paths the generated types do not know, so they go through an untyped view.
type Loose = { GET: (p: string, i?: object) => Promise<{ data?: unknown; error?: unknown; response: Response }>; POST: (p: string, i?: object) => Promise<{ data?: unknown; error?: unknown; response: Response }> };

// Each engine's calls carry `?engine=` so the server counts them apart.

describe.each(engines)("createApiClient transport ($engine)", ({ engine, options }) => {
  const client = (opts: object = {}) =>
    createApiClient<AnyPaths>({ api: "test", operations: ops }, { baseUrl: base, retry: { minDelayMs: 1, maxDelayMs: 5 }, ...options, ...opts }) as unknown as Loose;
  const q = (init: object = {}) => ({ ...init, params: { query: { engine } } });
  const hitsOf = (path: string) => hits.get(`${path}?engine=${engine}`);

  it("retries a safe operation after 503 and returns the lossless body", async () => {
    const { data, response } = await client().GET("/flaky", q());
    expect(response.status).toBe(200);
    expect(data).toEqual({ ok: true, id: 1899123456789012345n });
    expect(hitsOf("/flaky")).toBe(2);
  });

  it("does not retry an operation that is not safe to repeat", async () => {
    const { response } = await client().POST("/flaky-post", q({ body: {} }));
    expect(response.status).toBe(503);
    expect(hitsOf("/flaky-post")).toBe(1);
  });

  it("gives up after the configured retries and returns the last answer", async () => {
    const { response } = await client({ retry: { retries: 3, minDelayMs: 1, maxDelayMs: 2 } }).GET("/always503", q());
    expect(response.status).toBe(503);
    expect(hitsOf("/always503")).toBe(4);
  });

  it("does not wait for a Retry-After longer than allowed", async () => {
    const { response } = await client().GET("/long-retry-after", q());
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("3600");
    expect(hitsOf("/long-retry-after")).toBe(1);
  });

  it("throws a timeout ImApiError naming the operation", async () => {
    const error = await client({ timeoutMs: 100, retry: false }).GET("/stall", q()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImApiError);
    expect(error).toMatchObject({ kind: "timeout", operation: "getStall", api: "test", message: "test getStall: no response within 100 ms" });
  });

  it("times out a body that stops half-way", async () => {
    const error = await client({ timeoutMs: 150, retry: false }).GET("/half", q()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImApiError);
    expect(error).toMatchObject({ kind: "timeout", operation: "getHalf" });
  });

  it("throws a network ImApiError after retrying a closed connection", async () => {
    const error = await client().GET("/close", q()).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "network", operation: "getClose" });
    expect((error as Error).message).toMatch(/^test getClose: network error: .+ \(after 3 attempts\)$/);
    expect(hitsOf("/close")).toBe(3);
  });

  it("names the refused connection", async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const c = createApiClient<AnyPaths>({ api: "test", operations: ops }, { baseUrl: `http://127.0.0.1:${port}`, retry: false, ...options }) as unknown as Loose;
    const error = await c.GET("/ok").catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "network" });
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
  });

  it("stops at once when the caller aborts", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const error = await client({ timeoutMs: 5000 }).GET("/stall", q({ signal: controller.signal })).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "aborted", operation: "getStall" });
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it("stops at once when the caller aborts with the timeout disabled", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await client({ timeoutMs: 0 }).GET("/stall", q({ signal: controller.signal })).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "aborted", operation: "getStall" });
  });

  it("does not send when the caller's signal has already fired", async () => {
    const error = await client().GET("/ok", q({ signal: AbortSignal.abort() })).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "aborted" });
    expect(hitsOf("/ok")).toBeUndefined();
  });

  it("sends bigint bodies losslessly", async () => {
    const { data } = await client().POST("/echo", q({ body: { message_ids: [1899123456789012345n] } }));
    expect(data).toEqual({ message_ids: [1899123456789012345n] });
    expect(bodies.at(-1)).toBe('{"message_ids":[1899123456789012345]}');
  });

  it("reports a success body that is not JSON as invalid-response", async () => {
    const error = await client().GET("/notjson", q()).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "invalid-response", status: 200 });
  });

  it("returns a standard Response with every header, including repeated ones", async () => {
    const { response } = await client().GET("/cookies", q());
    expect(response).toBeInstanceOf(Response);
    expect(response.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    expect(response.headers.get("x-multi")).toBe("1, 2");
    expect(response.url).toBe(`${base}/cookies?engine=${engine}`);
  });

  it("follows redirects as fetch does, and returns a 3xx as it is with redirect: manual", async () => {
    const { data } = await client().GET("/redirect", q());
    expect(data).toEqual({ redirected: true });
    const { response } = await client().GET("/redirect", q({ redirect: "manual" }));
    expect(response.status).toBe(302);
  });

  it("decodes a compressed answer, as fetch does", async () => {
    const { data, response } = await client().GET("/gzip", q());
    expect(data).toEqual({ compressed: true, id: 1899123456789012345n });
    expect(response.headers.get("content-encoding")).toBe("gzip");
    const streamed = await client().GET("/gzip", q({ parseAs: "stream" }));
    expect(await new Response(streamed.data as ReadableStream).text()).toBe('{"compressed":true,"id":1899123456789012345}');
  });

  it("leaves a body with a content coding it does not know as it came", async () => {
    const { data } = await client().GET("/utf8-coding", q());
    expect(data).toEqual({ code: 0 });
  });

  it("reports a compressed answer that does not decode as a typed error", async () => {
    const error = await client({ retry: false }).GET("/badgzip", q()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImApiError);
    expect(error).toMatchObject({ kind: "network" });
  });

  it("answers 204 with no data", async () => {
    const { data, response } = await client().GET("/empty", q());
    expect(response.status).toBe(204);
    expect(data).toBeUndefined();
  });

  it("streams the body when asked to", async () => {
    const { data } = await client({ timeoutMs: 200 }).GET("/slow-stream", q({ parseAs: "stream" }));
    const text = await new Response(data as ReadableStream).text();
    // The stream takes longer than the timeout: the timer stops once the caller has the stream.
    expect(text).toBe("abc");
  });

  it("sends the body a middleware put in place of the serialised one", async () => {
    const c = createApiClient<AnyPaths>({ api: "test", operations: ops }, { baseUrl: base, ...options }, [
      { onRequest: ({ request }) => new Request(request, { body: '{"replaced":true}' }) },
    ]) as unknown as Loose;
    const { data } = await c.POST("/echo", q({ body: { original: true } }));
    expect(data).toEqual({ replaced: true });
    expect(bodies.at(-1)).toBe('{"replaced":true}');
  });

  it("sends the same body on every attempt of a retried call", async () => {
    const c = createApiClient<AnyPaths>({ api: "test", operations: { ...ops, "POST /flaky-echo": { operationId: "flakyEcho", retrySafe: true } } }, { baseUrl: base, retry: { minDelayMs: 1, maxDelayMs: 2 }, ...options }) as unknown as Loose;
    const before = bodies.length;
    const { response } = await c.POST("/flaky-echo", q({ body: { n: 1 } }));
    expect(response.status).toBe(200);
    expect(bodies.slice(before)).toEqual(['{"n":1}', '{"n":1}']);
  });
});

describe("engines", () => {
  it("uses undici's request API in Node unless a fetch is given", async () => {
    // Node's fetch adds the Fetch standard's headers; undici's request API sends only what it is given.
    const seen = (opts: object) => (createApiClient<AnyPaths>({ api: "test", operations: ops }, { baseUrl: base, ...opts }) as unknown as Loose).GET("/headers").then(({ data }) => data as Record<string, string>);
    expect((await seen({}))["sec-fetch-mode"]).toBeUndefined();
    expect((await seen({ fetch: globalThis.fetch }))["sec-fetch-mode"]).toBe("cors");
  });

  it("sends through the undici dispatcher the caller gives", async () => {
    const dispatched: string[] = [];
    const agent = new Agent().compose((dispatch) => (opts, handler) => {
      dispatched.push(`${opts.method} ${opts.path}`);
      return dispatch(opts, handler);
    });
    const c = createApiClient<AnyPaths>({ api: "test", operations: ops }, { baseUrl: base, dispatcher: agent }) as unknown as Loose;
    const { response } = await c.GET("/ok");
    expect(response.status).toBe(200);
    expect(dispatched).toEqual(["GET /ok"]);
  });

  it("says what is wrong with a dispatcher that is not one", () => {
    expect(() => createApiClient({ api: "test", operations: ops }, { baseUrl: base, dispatcher: { request() {} } })).toThrow(/dispatcher must be an undici 7 Dispatcher/);
  });

  it("rejects a redirect when asked to with redirect: error", async () => {
    const c = createApiClient<AnyPaths>({ api: "test", operations: ops }, { baseUrl: base, retry: false }) as unknown as Loose;
    const error = await c.GET("/redirect", { redirect: "error" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "network" });
    expect((error as Error).message).toMatch(/redirect/);
  });
});

describe("rejects bad options", () => {
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
