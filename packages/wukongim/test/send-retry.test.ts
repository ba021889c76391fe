// POST /message/send must never store a message twice because of the client's own retries: the
// server does not de-duplicate on client_msg_no. By default a send is retried only when it provably
// never left; retrySends: "ambiguous" opts in to retrying the rest with the same key. Every case
// runs with both engines against a loopback server that records each send it read in full.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createWukongimClient, encodePayload, ImApiError, messageIdOf, operations, unwrap, WukongimError, type WukongimClientOptions } from "../src/index.js";

const engines = [
  { engine: "undici", options: {} },
  { engine: "fetch", options: { fetch: (...args: Parameters<typeof fetch>) => fetch(...args) } },
] as const;

interface Sends {
  url: string;
  /** The bodies the server read in full, parsed. */
  received: Record<string, unknown>[];
  listen(): Promise<void>;
  close(): Promise<void>;
}

type Act = (res: http.ServerResponse, n: number, body: Record<string, unknown>, req: http.IncomingMessage) => void;

const open: Sends[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** A WuKongIM stand-in: reads each request in full, records it, then does what `act` says. */
async function server(act: Act): Promise<Sends> {
  let port = 0;
  const received: Record<string, unknown>[] = [];
  const srv = http.createServer((req, res) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (text += c));
    req.on("end", () => {
      const body = JSON.parse(text) as Record<string, unknown>;
      received.push(body);
      act(res, received.length, body, req);
    });
  });
  const s: Sends = {
    url: "",
    received,
    listen: () =>
      new Promise<void>((resolve, reject) => {
        srv.once("error", reject);
        srv.listen(port, "127.0.0.1", () => {
          port = (srv.address() as AddressInfo).port;
          s.url = `http://127.0.0.1:${port}`;
          resolve();
        });
      }),
    close: () => {
      srv.closeAllConnections();
      return new Promise<void>((resolve) => srv.close(() => resolve()));
    },
  };
  await s.listen();
  open.push(s);
  return s;
}

const stored = (res: http.ServerResponse, body: Record<string, unknown>) =>
  res
    .writeHead(200, { "content-type": "application/json; charset=utf-8" })
    .end(`{"status":200,"data":{"message_id":1899123456789012345,"client_msg_no":${JSON.stringify(body["client_msg_no"])}}}`);
const reset: Act = (_res, _n, _body, req) => req.socket.resetAndDestroy();
const stall: Act = () => undefined;

const payload = encodePayload({ type: 1, content: "hi" });
const message = { from_uid: "user123", channel_id: "group123", channel_type: 2, payload };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const failure = (call: Promise<unknown>) => call.then(() => expect.unreachable("the send succeeded"), (e: unknown) => e as ImApiError);

describe.each(engines)("POST /message/send retries ($engine)", ({ engine, options }) => {
  const client = (url: string, opts: WukongimClientOptions = {}) => createWukongimClient({ baseUrl: url, retry: { minDelayMs: 1, maxDelayMs: 5 }, ...options, ...opts });
  const send = (url: string, opts: WukongimClientOptions = {}, body: Record<string, unknown> = message) =>
    // The tests pass bodies as plain records; the typed body is checked in the README test.
    client(url, opts).POST("/message/send", { body: body as typeof message });

  describe("by default", () => {
    it("retries a refused connection; the message arrives exactly once, with the key it was first sent with", async () => {
      const s = await server((res, _n, body) => stored(res, body));
      await s.close(); // refuses connections until it listens again
      const reasons: string[] = [];
      let listening: Promise<void> | undefined;
      const sent = unwrap(
        await send(s.url, {
          retry: { retries: 20, minDelayMs: 5, maxDelayMs: 50 },
          onRetry: ({ reason }) => {
            reasons.push(reason);
            listening ??= s.listen();
          },
        }),
      );
      await listening;
      expect(reasons[0]).toMatch(/ECONNREFUSED/);
      expect(s.received).toHaveLength(1);
      const key = s.received[0]!["client_msg_no"];
      expect(key).toMatch(UUID);
      expect(s.received[0]).toEqual({ ...message, client_msg_no: key });
      if (!sent.data) throw new Error("expected the send result");
      expect(sent.data.client_msg_no).toBe(key);
      expect(messageIdOf(sent.data)).toBe("1899123456789012345");
    });

    it("does not retry when the server read the send and reset the connection", async () => {
      const s = await server(reset);
      const error = await failure(send(s.url));
      expect(error).toBeInstanceOf(ImApiError);
      expect(error).toMatchObject({ api: "wukongim", operation: "sendMessage", kind: "network", neverSent: false });
      expect(error.message).toMatch(/^wukongim sendMessage: network error: .+ \(not retried: the server may have received it\)$/);
      expect(s.received).toHaveLength(1);
    });

    it("does not retry when the server read the send and did not answer in time", async () => {
      const s = await server(stall);
      const error = await failure(send(s.url, { timeoutMs: 300 }));
      expect(error).toMatchObject({ operation: "sendMessage", kind: "timeout", neverSent: false });
      expect(error.message).toBe("wukongim sendMessage: no response within 300 ms (not retried: the server may have received it)");
      // On a busy machine the server may read the body only after the client gave up.
      await vi.waitFor(() => expect(s.received).toHaveLength(1));
    });

    it.each([
      [503, { "retry-after": "0" }],
      [429, { "retry-after": "0" }],
      [502, {}],
      [504, {}],
    ])("returns HTTP %i %j from a proxy without sending again", async (status, headers) => {
      const s = await server((res) => res.writeHead(status, headers).end());
      const result = await send(s.url);
      expect(result.response.status).toBe(status);
      expect(result.response.headers.get("retry-after")).toBe((headers as Record<string, string>)["retry-after"] ?? null);
      expect(() => unwrap(result)).toThrow(WukongimError);
      expect(s.received).toHaveLength(1);
    });

    if (engine === "fetch") {
      it("does not retry a TypeError from fetch with no cause (a browser's CORS or network failure)", async () => {
        const s = await server((res, _n, body) => stored(res, body));
        // The server stores the message; the page only sees `TypeError: Failed to fetch`.
        const corsBlocked: typeof fetch = async (input, init) => {
          await fetch(input, init);
          throw new TypeError("Failed to fetch");
        };
        const error = await failure(send(s.url, { fetch: corsBlocked }));
        expect(error).toMatchObject({ operation: "sendMessage", kind: "network", neverSent: false });
        expect(s.received).toHaveLength(1);
      });
    }
  });

  describe('with retrySends: "ambiguous"', () => {
    it("retries a reset, with the same client_msg_no every time", async () => {
      const s = await server((res, n, body) => (n < 3 ? reset(res, n, body, res.req) : stored(res, body)));
      const sent = unwrap(await send(s.url, { retrySends: "ambiguous" }));
      expect(s.received).toHaveLength(3);
      const keys = s.received.map((b) => b["client_msg_no"]);
      expect(keys[0]).toMatch(UUID);
      expect(new Set(keys).size).toBe(1);
      if (!sent.data) throw new Error("expected the send result");
      expect(sent.data.client_msg_no).toBe(keys[0]);
    });

    it("retries a timeout, with the same client_msg_no every time", async () => {
      const s = await server((res, n, body) => (n === 1 ? undefined : stored(res, body)));
      const { response } = await send(s.url, { retrySends: "ambiguous", timeoutMs: 300 });
      expect(response.status).toBe(200);
      expect(s.received).toHaveLength(2);
      expect(s.received[1]).toEqual(s.received[0]);
    });

    it("retries a 503 and keeps the caller's client_msg_no", async () => {
      const s = await server((res, n, body) => (n === 1 ? res.writeHead(503, { "retry-after": "0" }).end() : stored(res, body)));
      const { response } = await send(s.url, { retrySends: "ambiguous" }, { ...message, client_msg_no: "client_msg_123" });
      expect(response.status).toBe(200);
      expect(s.received.map((b) => b["client_msg_no"])).toEqual(["client_msg_123", "client_msg_123"]);
    });

    if (engine === "fetch") {
      it("retries a TypeError from fetch with no cause, with the same client_msg_no", async () => {
        const s = await server((res, _n, body) => stored(res, body));
        let calls = 0;
        const flaky: typeof fetch = async (input, init) => {
          const response = await fetch(input, init);
          if (++calls === 1) throw new TypeError("Failed to fetch");
          return response;
        };
        const { response } = await send(s.url, { retrySends: "ambiguous", fetch: flaky });
        expect(response.status).toBe(200);
        expect(s.received).toHaveLength(2);
        expect(s.received[1]!["client_msg_no"]).toBe(s.received[0]!["client_msg_no"]);
      });
    }
  });

  it("never resends with retrySends: false, not even a refused connection", async () => {
    const s = await server((res, _n, body) => stored(res, body));
    await s.close();
    let retries = 0;
    const error = await failure(send(s.url, { retrySends: false, onRetry: () => retries++ }));
    expect(error).toMatchObject({ operation: "sendMessage", kind: "network", neverSent: true });
    expect(retries).toBe(0);
  });

  it("never retries /message/sendbatch, which has no de-duplication key", async () => {
    expect(operations["POST /message/sendbatch"].retrySafe).toBe(false);
    const s = await server((res) => res.writeHead(503, { "retry-after": "0" }).end());
    for (const retrySends of ["unsent", "ambiguous"] as const) {
      const result = await client(s.url, { retrySends }).POST("/message/sendbatch", { body: { from_uid: "user123", subscribers: ["user456"], payload } });
      expect(result.response.status).toBe(503);
    }
    expect(s.received).toHaveLength(2);
    expect(s.received[0]).not.toHaveProperty("client_msg_no");
  });
});

describe("client_msg_no", () => {
  it("gives different sends different keys", async () => {
    const s = await server((res, _n, body) => stored(res, body));
    const client = createWukongimClient({ baseUrl: s.url });
    for (let i = 0; i < 3; i++) await client.POST("/message/send", { body: message });
    expect(new Set(s.received.map((b) => b["client_msg_no"])).size).toBe(3);
  });
});

describe("retrySends", () => {
  it("takes true as the default", async () => {
    const s = await server(reset);
    const error = await failure(createWukongimClient({ baseUrl: s.url, retrySends: true, retry: { minDelayMs: 1 } }).POST("/message/send", { body: message }));
    expect(error).toMatchObject({ kind: "network", neverSent: false });
    expect(s.received).toHaveLength(1);
  });

  it("refuses a value it does not know, saying which it takes", () => {
    // @ts-expect-error "always" is not a retrySends value; plain JavaScript callers get the error below
    expect(() => createWukongimClient({ retrySends: "always" })).toThrow('wukongim: retrySends must be "unsent" (the default), "ambiguous" or false, got "always"');
  });
});
