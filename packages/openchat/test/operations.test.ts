// Every operation against the mock: a valid call and its typed body, each missing required field,
// a misspelled field, and a call without a token.
import { describe, expect, expectTypeOf, inject, it } from "vitest";
import { createOpenchatClient, unwrap, type components } from "../src/index.js";
import { operationsInSpec, responseErrors } from "./spec.js";

type Schemas = components["schemas"];

const baseUrl = inject("openchatUrl");
const client = createOpenchatClient({ baseUrl, token: "test-access-token" });

const message = { channelId: "user1", channelType: 1, payload: "eyJ0eXBlIjoxLCJjb250ZW50IjoiaGVsbG8ifQ==", clientMsgNo: "client-msg-0001" } as const;
const channel = { channelId: "channel-xxx", channelType: 2 } as const;
const members = { ...channel, subscribers: ["user1", "user2"] };

/** Asserts status 200 and that the body matches the declared 200 schema. */
function expectDeclared(method: string, path: string, result: { data?: unknown; response: Response }): void {
  expect(result.response.status).toBe(200);
  expect(responseErrors(method, path, 200, result.data)).toEqual([]);
}

describe("a valid call succeeds with a body of the declared type", () => {
  it("loginUser", async () => {
    const result = await client.POST("/api/v1/auth/login", { body: { username: "alice", password: "OpenChat@123", deviceId: "ios-iphone15-001" } });
    expectDeclared("POST", "/api/v1/auth/login", result);
    const session = unwrap(result);
    expectTypeOf(session).toEqualTypeOf<Schemas["AuthSession"]>();
    expect(session.user.username).toBe("alice");
    expect(session.expiresIn).toBe(3600);
    expect(session.imConfig?.uid).toBe("2");
  });

  it("refreshToken", async () => {
    const result = await client.POST("/api/v1/auth/refresh", { body: { refreshToken: "eyJhbGciOiJIUzI1NiJ9.e30.c2ln" } });
    expectDeclared("POST", "/api/v1/auth/refresh", result);
    const session = unwrap(result);
    expectTypeOf(session).toEqualTypeOf<Schemas["AuthSession"]>();
    expect(session.token).toMatch(/^eyJ/);
    expect(session.imConfig).toBeUndefined();
  });

  it("getImConfig", async () => {
    const result = await client.GET("/api/v1/im/config");
    expectDeclared("GET", "/api/v1/im/config", result);
    const config = unwrap(result);
    expectTypeOf(config).toEqualTypeOf<Schemas["ImConfig"]>();
    expect(config).toEqual({
      wsUrl: "ws://your-server:5200",
      tcpAddr: "your-server:5100",
      apiUrl: "http://your-server:5001",
      managerUrl: "http://your-server:5300",
    });
  });

  it("getImToken", async () => {
    const result = await client.POST("/api/v1/im/token");
    expectDeclared("POST", "/api/v1/im/token", result);
    const data = unwrap(result);
    expectTypeOf(data).toEqualTypeOf<Schemas["ImToken"]>();
    expect(data.token).toBe("wukongim-token");
  });

  it("sendMessage", async () => {
    const result = await client.POST("/api/v1/im/message/send", { body: message });
    expectDeclared("POST", "/api/v1/im/message/send", result);
    const sent = unwrap(result);
    expectTypeOf(sent).toEqualTypeOf<Schemas["SendMessageResult"]>();
    expect(sent).toEqual({ messageId: "msg-xxx", messageSeq: 12345 });
  });

  it("sendBatchMessages (the body is a bare array)", async () => {
    const result = await client.POST("/api/v1/im/message/sendbatch", { body: [message, { ...channel, payload: "SGVsbG8sIE9wZW5DaGF0IQ==" }] });
    expectDeclared("POST", "/api/v1/im/message/sendbatch", result);
    const sent = unwrap(result);
    expectTypeOf(sent).toEqualTypeOf<Schemas["SendMessageResult"][]>();
    expect(sent.map((s) => s.messageId)).toEqual(["msg-xxx", "msg-yyy"]);
  });

  it("syncMessages", async () => {
    const result = await client.GET("/api/v1/im/message/sync", { params: { query: { channelId: "user1", channelType: 1, lastMessageSeq: 12344, limit: 50 } } });
    expectDeclared("GET", "/api/v1/im/message/sync", result);
    const messages = unwrap(result);
    expectTypeOf(messages).toEqualTypeOf<Schemas["SyncedMessage"][]>();
    expect(messages[0]).toMatchObject({ messageSeq: 12345, fromUid: "user2", channelType: 1 });
    expect(Buffer.from(messages[0]!.payload, "base64").toString()).toBe('{"type":1,"content":"hello"}');
  });

  it("syncMessages without the optional parameters", async () => {
    const result = await client.GET("/api/v1/im/message/sync", { params: { query: { channelId: "user1", channelType: 1 } } });
    expectDeclared("GET", "/api/v1/im/message/sync", result);
  });

  it("createChannel", async () => {
    const result = await client.POST("/api/v1/im/channel/create", { body: { ...channel, name: "群组名称", avatar: "https://example.com/avatar.jpg" } });
    expectDeclared("POST", "/api/v1/im/channel/create", result);
    const created = unwrap(result);
    expectTypeOf(created).toEqualTypeOf<Schemas["Channel"]>();
    expect(created).toMatchObject({ channelId: "channel-xxx", channelType: 2, name: "群组名称" });
  });

  it("deleteChannel", async () => {
    const result = await client.POST("/api/v1/im/channel/delete", { body: channel });
    expectDeclared("POST", "/api/v1/im/channel/delete", result);
    const deleted = unwrap(result);
    expectTypeOf(deleted).toEqualTypeOf<{ channelId: string }>();
    expect(deleted.channelId).toBe("channel-xxx");
  });

  it("addChannelSubscribers", async () => {
    const result = await client.POST("/api/v1/im/channel/subscriber/add", { body: members });
    expectDeclared("POST", "/api/v1/im/channel/subscriber/add", result);
    const added = unwrap(result);
    expectTypeOf(added).toEqualTypeOf<{ added: number }>();
    expect(added.added).toBe(5);
  });

  it("removeChannelSubscribers", async () => {
    const result = await client.POST("/api/v1/im/channel/subscriber/remove", { body: members });
    expectDeclared("POST", "/api/v1/im/channel/subscriber/remove", result);
    const removed = unwrap(result);
    expectTypeOf(removed).toEqualTypeOf<{ removed: number }>();
    expect(removed.removed).toBe(5);
  });

  it("getHealth (public: no token needed)", async () => {
    const result = await createOpenchatClient({ baseUrl }).GET("/api/v1/im/health");
    expectDeclared("GET", "/api/v1/im/health", result);
    const health = unwrap(result);
    expectTypeOf(health).toEqualTypeOf<Schemas["HealthStatus"]>();
    expect(health.status).toBe("healthy");
  });

  it("getSystemInfo", async () => {
    const result = await client.GET("/api/v1/im/system/info");
    expectDeclared("GET", "/api/v1/im/system/info", result);
    const info = unwrap(result);
    expectTypeOf(info).toEqualTypeOf<Schemas["SystemInfo"]>();
    expect(info).toEqual({ version: "1.0.0", uptime: 86400, connections: 1000 });
  });

  it("covers every operation of the spec", () => {
    expect(operationsInSpec().map((o) => o.operationId).sort()).toEqual(
      [
        "addChannelSubscribers",
        "createChannel",
        "deleteChannel",
        "getHealth",
        "getImConfig",
        "getImToken",
        "getSystemInfo",
        "loginUser",
        "refreshToken",
        "removeChannelSubscribers",
        "sendBatchMessages",
        "sendMessage",
        "syncMessages",
      ].sort(),
    );
  });
});

// Raw requests, so the bodies can be wrong in ways the types forbid.
async function send(method: string, path: string, init: { body?: unknown; token?: string | null; query?: string } = {}) {
  const headers: Record<string, string> = {};
  if (init.token !== null) headers["authorization"] = `Bearer ${init.token ?? "test-access-token"}`;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${baseUrl}${path}${init.query ?? ""}`, {
    method,
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

function expectValidationError(result: { status: number; body: unknown }, path: string, mentions: string): void {
  expect(result.status).toBe(400);
  expect(result.body).toMatchObject({
    success: false,
    error: { code: "VAL_001", type: "BadRequestError", module: "Validation", severity: "LOW" },
    path,
  });
  expect((result.body as { error: { message: string } }).error.message.toLowerCase()).toContain(mentions.toLowerCase());
  expect(responseErrors("POST", "/api/v1/im/message/send", 400, result.body)).toEqual([]);
}

const bodyCases: { path: string; body: Record<string, unknown>; misspell: [string, string] }[] = [
  { path: "/api/v1/auth/login", body: { username: "alice", password: "OpenChat@123" }, misspell: ["username", "userName"] },
  { path: "/api/v1/auth/refresh", body: { refreshToken: "eyJhbGciOiJIUzI1NiJ9.e30.c2ln" }, misspell: ["refreshToken", "refresh_token"] },
  { path: "/api/v1/im/message/send", body: { ...message }, misspell: ["clientMsgNo", "clientMsgNO"] },
  { path: "/api/v1/im/channel/create", body: { ...channel, name: "群组名称" }, misspell: ["channelId", "channelID"] },
  { path: "/api/v1/im/channel/delete", body: { ...channel }, misspell: ["channelType", "channel_type"] },
  { path: "/api/v1/im/channel/subscriber/add", body: { ...members }, misspell: ["subscribers", "subscriber"] },
  { path: "/api/v1/im/channel/subscriber/remove", body: { ...members }, misspell: ["subscribers", "uids"] },
];
const required: Record<string, string[]> = {
  "/api/v1/auth/login": ["username", "password"],
  "/api/v1/auth/refresh": ["refreshToken"],
  "/api/v1/im/message/send": ["channelId", "channelType", "payload"],
  "/api/v1/im/channel/create": ["channelId", "channelType"],
  "/api/v1/im/channel/delete": ["channelId", "channelType"],
  "/api/v1/im/channel/subscriber/add": ["channelId", "channelType", "subscribers"],
  "/api/v1/im/channel/subscriber/remove": ["channelId", "channelType", "subscribers"],
};

describe("missing each required field gets 400 VAL_001 from the mock", () => {
  for (const { path, body } of bodyCases) {
    for (const field of required[path]!) {
      it(`${path} without ${field}`, async () => {
        const { [field]: _dropped, ...rest } = body;
        expectValidationError(await send("POST", path, { body: rest }), path, field);
      });
    }
  }

  for (const field of ["channelId", "channelType", "payload"]) {
    it(`/api/v1/im/message/sendbatch with an element without ${field}`, async () => {
      const { [field]: _dropped, ...rest }: Record<string, unknown> = message;
      const path = "/api/v1/im/message/sendbatch";
      expectValidationError(await send("POST", path, { body: [message, rest] }), path, field);
    });
  }

  it("/api/v1/im/message/sendbatch with an object instead of an array", async () => {
    const path = "/api/v1/im/message/sendbatch";
    expectValidationError(await send("POST", path, { body: message }), path, "array");
  });

  it("/api/v1/im/message/sendbatch with an empty array", async () => {
    const path = "/api/v1/im/message/sendbatch";
    expectValidationError(await send("POST", path, { body: [] }), path, "fewer than 1");
  });

  for (const [name, query] of [
    ["channelId", "?channelType=1"],
    ["channelType", "?channelId=user1"],
  ] as const) {
    it(`/api/v1/im/message/sync without ${name}`, async () => {
      const path = "/api/v1/im/message/sync";
      expectValidationError(await send("GET", path, { query }), path, name);
    });
  }

  it("rejects wrong values too: channelType 3 and a payload that is not base64", async () => {
    const path = "/api/v1/im/message/send";
    const result = await send("POST", path, { body: { ...message, channelType: 3, payload: "not base64!" } });
    expectValidationError(result, path, "channelType");
    expect((result.body as { error: { message: string } }).error.message).toContain("payload");
  });
});

describe("a misspelled field is rejected", () => {
  for (const { path, body, misspell } of bodyCases) {
    const [right, wrong] = misspell;
    it(`${path}: ${wrong} instead of ${right}`, async () => {
      const { [right]: value, ...rest } = body;
      expectValidationError(await send("POST", path, { body: { ...rest, [wrong]: value } }), path, wrong);
    });
  }

  it("/api/v1/im/message/sendbatch: clientMsgNO inside an element", async () => {
    const path = "/api/v1/im/message/sendbatch";
    const { clientMsgNo, ...rest } = message;
    expectValidationError(await send("POST", path, { body: [{ ...rest, clientMsgNO: clientMsgNo }] }), path, "clientMsgNO");
  });

  it("/api/v1/im/message/sync: channel_id instead of channelId", async () => {
    // Prism matches query parameter names case-insensitively, so only a misspelling that differs in
    // more than case (channel_id, not channelID) is caught by the mock.
    const path = "/api/v1/im/message/sync";
    expectValidationError(await send("GET", path, { query: "?channel_id=user1&channelType=1" }), path, "channelid");
  });
});

describe("a call without a token gets 401 with the AUTH_004 body", () => {
  const secured = operationsInSpec().filter((o) => o.secured);

  it("every IM route except health needs the token; login and refresh do not", () => {
    expect(secured.map((o) => o.operationId).sort()).toEqual(
      ["addChannelSubscribers", "createChannel", "deleteChannel", "getImConfig", "getImToken", "getSystemInfo", "removeChannelSubscribers", "sendBatchMessages", "sendMessage", "syncMessages"].sort(),
    );
  });

  for (const op of secured) {
    it(`${op.operationId} (${op.method} ${op.path})`, async () => {
      // A valid body where there is one, so only the missing token is wrong; an invalid one still gets 401.
      const result = await send(op.method, op.path, { token: null, body: op.method === "POST" ? { bogus: true } : undefined });
      expect(result.status).toBe(401);
      expect(result.body).toMatchObject({
        success: false,
        error: { code: "AUTH_004", type: "UnauthorizedError", message: "Authentication failed", module: "Authentication", severity: "MEDIUM" },
        path: op.path,
      });
      expect(responseErrors(op.method, op.path, 401, result.body)).toEqual([]);
      const timestamp = (result.body as { timestamp: string }).timestamp;
      expect(Math.abs(Date.parse(timestamp) - Date.now())).toBeLessThan(60_000);
    });
  }

  it("through the typed client, unwrap throws an OpenchatError naming the operation", async () => {
    const anonymous = createOpenchatClient({ baseUrl });
    const result = await anonymous.GET("/api/v1/im/system/info");
    expect(result.response.status).toBe(401);
    expect(() => unwrap(result)).toThrowError(expect.objectContaining({ name: "OpenchatError", code: "AUTH_004", status: 401, operation: "getSystemInfo" }));
  });
});

describe("login against the mock", () => {
  it("answers 401 用户名或密码错误 for a wrong password", async () => {
    const result = await send("POST", "/api/v1/auth/login", { token: null, body: { username: "alice", password: "wrong" } });
    expect(result.status).toBe(401);
    expect(result.body).toMatchObject({ success: false, error: { code: "AUTH_004", message: "用户名或密码错误" }, path: "/api/v1/auth/login" });
    expect(responseErrors("POST", "/api/v1/auth/login", 401, result.body)).toEqual([]);
  });

  it("rejects a device id outside [A-Za-z0-9._:-]{1,64}", async () => {
    const path = "/api/v1/auth/login";
    expectValidationError(await send("POST", path, { token: null, body: { username: "alice", password: "OpenChat@123", deviceId: "my phone" } }), path, "deviceId");
  });
});
