// Refresh-and-retry against a local server that accepts one access token at a time, so the
// 401-then-200 sequence, the re-sent body and the "never twice" rule can be observed.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createOpenchatClient, login, OpenchatError, unwrap } from "../src/index.js";

interface Seen {
  method: string;
  path: string;
  authorization: string | undefined;
  body: string;
}

const unauthorized = (path: string) => ({
  success: false,
  error: { code: "AUTH_004", type: "UnauthorizedError", message: "Authentication failed", module: "Authentication", severity: "MEDIUM" },
  timestamp: new Date().toISOString(),
  path,
});

const session = (token: string, refreshToken: string) => ({
  user: { id: "2", username: "alice", nickname: "Alice" },
  token,
  refreshToken,
  expiresIn: 3600,
});

let server: http.Server;
let baseUrl: string;
let seen: Seen[] = [];
/** The one access token the server accepts right now. */
let accepted = "fresh";
/** The one refresh token the server accepts right now; each refresh rotates both. */
let refreshable = "refresh-1";
let generation = 1;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString();
      const path = new URL(req.url ?? "/", "http://local").pathname;
      seen.push({ method: req.method ?? "", path, authorization: req.headers.authorization, body });
      const reply = (status: number, value: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(value));
      };
      if (path === "/api/v1/auth/login") {
        const { password } = JSON.parse(body) as { password: string };
        if (password !== "OpenChat@123") return reply(401, { ...unauthorized(path), error: { ...unauthorized(path).error, message: "用户名或密码错误" } });
        return reply(200, session(accepted, refreshable));
      }
      if (path === "/api/v1/auth/refresh") {
        const { refreshToken } = JSON.parse(body) as { refreshToken: string };
        if (refreshToken !== refreshable) return reply(401, { ...unauthorized(path), error: { ...unauthorized(path).error, message: "无效的刷新令牌" } });
        generation++;
        accepted = `fresh-${generation}`;
        refreshable = `refresh-${generation}`;
        return reply(200, session(accepted, refreshable));
      }
      if (req.headers.authorization !== `Bearer ${accepted}`) return reply(401, unauthorized(path));
      if (path === "/api/v1/im/message/send") {
        const sent = JSON.parse(body) as { clientMsgNo?: string };
        return reply(200, { success: true, data: { messageId: `id-for-${sent.clientMsgNo ?? "none"}`, messageSeq: seen.length } });
      }
      return reply(200, { success: true, data: { wsUrl: "ws://local:5200", tcpAddr: "local:5100", apiUrl: "http://local:5001", managerUrl: "http://local:5300" } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  seen = [];
  accepted = "fresh";
  refreshable = "refresh-1";
  generation = 1;
});

const message = { channelId: "user1", channelType: 1, payload: "SGVsbG8=", clientMsgNo: "m-1" } as const;

describe("refresh-and-retry", () => {
  it("on a 401 refreshes once and re-sends the same request, body included, with the new token", async () => {
    let refreshes = 0;
    const client = createOpenchatClient({
      baseUrl,
      token: "stale",
      refresh: async () => {
        refreshes++;
        return "fresh";
      },
    });
    const result = await client.POST("/api/v1/im/message/send", { body: message });
    expect(result.response.status).toBe(200);
    expect(unwrap(result)).toEqual({ messageId: "id-for-m-1", messageSeq: 2 });
    expect(refreshes).toBe(1);
    expect(seen.map((s) => s.authorization)).toEqual(["Bearer stale", "Bearer fresh"]);
    expect(seen[1]!.body).toBe(seen[0]!.body);
    expect(JSON.parse(seen[1]!.body)).toEqual(message);
  });

  it("keeps using the refreshed token when the configured token is a string", async () => {
    let refreshes = 0;
    const client = createOpenchatClient({ baseUrl, token: "stale", refresh: async () => (refreshes++, "fresh") });
    await client.GET("/api/v1/im/config");
    seen = [];
    const again = await client.GET("/api/v1/im/config");
    expect(again.response.status).toBe(200);
    expect(refreshes).toBe(1);
    expect(seen.map((s) => s.authorization)).toEqual(["Bearer fresh"]);
  });

  it("does not loop: a second 401 is returned as it is, after one refresh and one retry", async () => {
    let refreshes = 0;
    const client = createOpenchatClient({ baseUrl, token: "stale", refresh: async () => (refreshes++, "also-stale") });
    const result = await client.POST("/api/v1/im/message/send", { body: message });
    expect(result.response.status).toBe(401);
    expect(refreshes).toBe(1);
    expect(seen).toHaveLength(2);
    expect(result.error).toMatchObject({ error: { code: "AUTH_004" } });
    expect(() => unwrap(result)).toThrowError(expect.objectContaining({ code: "AUTH_004", status: 401, operation: "sendMessage" }));
  });

  it("shares one refresh between calls that fail together", async () => {
    let refreshes = 0;
    const client = createOpenchatClient({
      baseUrl,
      token: "stale",
      refresh: async () => {
        refreshes++;
        await new Promise((r) => setTimeout(r, 20));
        return "fresh";
      },
    });
    const results = await Promise.all([1, 2, 3].map((n) => client.POST("/api/v1/im/message/send", { body: { ...message, clientMsgNo: `m-${n}` } })));
    expect(results.map((r) => r.response.status)).toEqual([200, 200, 200]);
    expect(results.map((r) => unwrap(r).messageId)).toEqual(["id-for-m-1", "id-for-m-2", "id-for-m-3"]);
    expect(refreshes).toBe(1);
    expect(seen).toHaveLength(6);
  });

  it("throws an OpenchatError naming the operation when the refresh fails, without leaking tokens", async () => {
    const client = createOpenchatClient({
      baseUrl,
      token: "stale-secret-token",
      refresh: async () => {
        throw new Error("refresh token expired");
      },
    });
    const failure = await client.GET("/api/v1/im/config").catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(OpenchatError);
    const error = failure as OpenchatError;
    expect(error).toMatchObject({ kind: "api", status: 401, code: "AUTH_004", operation: "getImConfig" });
    expect(error.message).toContain("refresh token expired");
    expect(`${error.message} ${error.stack ?? ""}`).not.toContain("stale-secret-token");
    expect(seen).toHaveLength(1);
  });

  it("does not refresh for a 401 from the login route", async () => {
    let refreshes = 0;
    const client = createOpenchatClient({ baseUrl, refresh: async () => (refreshes++, "fresh") });
    const result = await client.POST("/api/v1/auth/login", { body: { username: "alice", password: "wrong" } });
    expect(result.response.status).toBe(401);
    expect(refreshes).toBe(0);
    expect(seen).toHaveLength(1);
  });

  it("asks a token provider again instead of replacing it", async () => {
    let stored = "stale";
    const client = createOpenchatClient({
      baseUrl,
      token: () => stored,
      refresh: async () => {
        stored = "fresh";
        return stored;
      },
    });
    expect((await client.GET("/api/v1/im/config")).response.status).toBe(200);
    stored = "rotated-elsewhere";
    accepted = "rotated-elsewhere";
    seen = [];
    expect((await client.GET("/api/v1/im/config")).response.status).toBe(200);
    expect(seen.map((s) => s.authorization)).toEqual(["Bearer rotated-elsewhere"]);
  });
});

describe("login", () => {
  it("logs in, then renews the access token through the refresh route once it is rejected", async () => {
    const { client, login: answer, ...rest } = await login({ baseUrl, username: "alice", password: "OpenChat@123", deviceId: "test-device" });
    expect(answer.user.username).toBe("alice");
    expect(rest.token).toBe("fresh");
    expect(JSON.parse(seen[0]!.body)).toEqual({ username: "alice", password: "OpenChat@123", deviceId: "test-device" });

    expect(unwrap(await client.GET("/api/v1/im/config")).wsUrl).toBe("ws://local:5200");

    // The server stops accepting the token (it expired); the next call refreshes with the kept refresh token.
    accepted = "something-else";
    seen = [];
    const config = unwrap(await client.GET("/api/v1/im/config"));
    expect(config.apiUrl).toBe("http://local:5001");
    expect(seen.map((s) => `${s.path} ${s.authorization ?? "-"}`)).toEqual([
      "/api/v1/im/config Bearer fresh",
      "/api/v1/auth/refresh -",
      "/api/v1/im/config Bearer fresh-2",
    ]);
    expect(JSON.parse(seen[1]!.body)).toEqual({ refreshToken: "refresh-1" });
  });

  it("exposes the current token and rotates the refresh token on each refresh", async () => {
    const session = await login({ baseUrl, username: "alice", password: "OpenChat@123" });
    expect(await session.refresh()).toBe("fresh-2");
    expect(session.token).toBe("fresh-2");
    expect(await session.refresh()).toBe("fresh-3");
    expect(seen.filter((s) => s.path === "/api/v1/auth/refresh").map((s) => JSON.parse(s.body))).toEqual([{ refreshToken: "refresh-1" }, { refreshToken: "refresh-2" }]);
  });

  it("throws an OpenchatError for wrong credentials", async () => {
    const failure = await login({ baseUrl, username: "alice", password: "not-the-password-42" }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(OpenchatError);
    expect(failure).toMatchObject({ operation: "loginUser", status: 401, code: "AUTH_004", kind: "api" });
    expect((failure as Error).message).toContain("用户名或密码错误");
    expect(`${(failure as Error).message} ${(failure as Error).stack ?? ""}`).not.toContain("not-the-password-42");
  });

  it("surfaces a failed refresh as the call's error, after one attempt", async () => {
    const { client } = await login({ baseUrl, username: "alice", password: "OpenChat@123" });
    accepted = "something-else";
    refreshable = "revoked";
    seen = [];
    const failure = await client.GET("/api/v1/im/config").catch((e: unknown) => e);
    expect(failure).toMatchObject({ name: "OpenchatError", operation: "getImConfig", status: 401 });
    expect((failure as Error).message).toContain("无效的刷新令牌");
    expect(seen.map((s) => s.path)).toEqual(["/api/v1/im/config", "/api/v1/auth/refresh"]);
  });
});
