import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOpenchatClient, login, surfacePath, surfacePaths, unwrap, type OpenchatSurface } from "../src/index.js";
import { spec } from "./spec.js";

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}

// A loopback server that records what it is sent and answers like OpenChat for the routes used here.
let server: Server;
let origin: string;
const seen: Seen[] = [];

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const body = await readBody(request);
    seen.push({ method: request.method ?? "", url: request.url ?? "", authorization: request.headers.authorization, body });
    response.setHeader("content-type", "application/json");
    if (request.url?.endsWith("/auth/login")) {
      response.end(JSON.stringify({ user: { id: "1", username: "admin" }, token: "access-1", refreshToken: "refresh-1", expiresIn: 3600 }));
    } else if (request.url?.endsWith("/token") && request.headers.authorization === "Bearer stale") {
      response.statusCode = 401;
      response.end(JSON.stringify({ success: false, error: { code: "AUTH_004", message: "Authentication failed" } }));
    } else if (request.url?.endsWith("/token")) {
      response.statusCode = 201;
      response.end(JSON.stringify({ success: true, data: { token: "wk1.x.y" } }));
    } else if (request.url?.endsWith("/message/send")) {
      response.statusCode = 201;
      response.end(JSON.stringify({ success: true, data: { messageId: "m1", messageSeq: 7 } }));
    } else {
      response.end(JSON.stringify({ success: true, data: { status: "healthy", timestamp: 1 } }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const send = { channelId: "g1", channelType: 2 as const, payload: "aGk=", clientMsgNo: "c1" };

describe("surface", () => {
  it("keeps the spec's x-openchat-paths and the client's table equal, for every operation", () => {
    const fromSpec: Record<string, unknown> = {};
    for (const [path, item] of Object.entries(spec.paths)) {
      for (const op of Object.values(item)) fromSpec[path] = (op as { "x-openchat-paths"?: unknown })["x-openchat-paths"];
    }
    expect(fromSpec).toEqual(surfacePaths);
  });

  it.each<[OpenchatSurface, string]>([
    ["document", "/api/v1/im/message/send"],
    ["e233c52", "/im/api/v1/im/message/send"],
    ["v3", "/admin/im/v3/wukongim/message/send"],
  ])("sends a POST with its body and token to its path on the %s surface", async (surface, path) => {
    seen.length = 0;
    const client = createOpenchatClient({ baseUrl: origin, surface, token: "t1" });
    const data = unwrap(await client.POST("/api/v1/im/message/send", { body: send }));
    expect(data).toEqual({ messageId: "m1", messageSeq: 7 });
    expect(seen).toEqual([{ method: "POST", url: path, authorization: "Bearer t1", body: JSON.stringify(send) }]);
  });

  it("keeps the query and a path in baseUrl in front of the mapped path", async () => {
    seen.length = 0;
    const client = createOpenchatClient({ baseUrl: `${origin}/gateway`, surface: "v3", token: "t1" });
    await client.GET("/api/v1/im/message/sync", { params: { query: { channelId: "g1", channelType: 2, limit: 5 } } });
    expect(seen[0]?.url).toBe("/gateway/admin/im/v3/wukongim/message/sync?channelId=g1&channelType=2&limit=5");
  });

  it("logs in at the surface's auth route and uses the token on the app route", async () => {
    seen.length = 0;
    const session = await login({ baseUrl: origin, surface: "v3", username: "admin", password: "OpenChat@123" });
    await session.client.GET("/api/v1/im/config");
    expect(seen.map((s) => `${s.method} ${s.url} ${s.authorization ?? "-"}`)).toEqual([
      "POST /im/v3/auth/login -",
      "GET /im/v3/wukongim/config Bearer access-1",
    ]);
    expect(JSON.parse(seen[0]!.body)).toEqual({ username: "admin", password: "OpenChat@123" });
  });

  it("sends the refresh-and-retry of a 401 to the mapped path, body and all", async () => {
    seen.length = 0;
    let refreshed = 0;
    const client = createOpenchatClient({ baseUrl: origin, surface: "v3", token: "stale", refresh: async () => `fresh${++refreshed}` });
    const data = unwrap(await client.POST("/api/v1/im/token", { body: {} }));
    expect(data).toEqual({ token: "wk1.x.y" });
    expect(refreshed).toBe(1);
    expect(seen.map((s) => `${s.method} ${s.url} ${s.authorization ?? "-"} ${s.body}`)).toEqual([
      "POST /im/v3/wukongim/token Bearer stale {}",
      "POST /im/v3/wukongim/token Bearer fresh1 {}",
    ]);
  });

  it("rejects an unknown surface with a TypeError naming the accepted ones", () => {
    expect(() => createOpenchatClient({ baseUrl: origin, surface: "v2" as OpenchatSurface })).toThrow(
      /surface must be one of "document", "e233c52", "v3", got "v2"/,
    );
  });

  it("maps every document path, and leaves an unknown path alone", () => {
    expect(surfacePath("v3", "/api/v1/im/token")).toBe("/im/v3/wukongim/token");
    expect(surfacePath("e233c52", "/api/v1/auth/refresh")).toBe("/im/api/v1/auth/refresh");
    expect(surfacePath("v3", "/elsewhere")).toBe("/elsewhere");
  });
});
