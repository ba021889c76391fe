// unwrap/call: data out of the envelope, OpenchatError (with the operation name) for everything else.
// The mock's in-handler failures are selected with Prism's `Prefer: example=<name>` header.
import { describe, expect, expectTypeOf, inject, it } from "vitest";
import { call, createOpenchatClient, ImApiError, OpenchatError, unwrap, type components } from "../src/index.js";

const baseUrl = inject("openchatUrl");
const token = "unwrap-test-secret-token";
const client = createOpenchatClient({ baseUrl, token });
const message = { channelId: "user1", channelType: 1, payload: "SGVsbG8=" } as const;

function caught(fn: () => unknown): OpenchatError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(OpenchatError);
    return error as OpenchatError;
  }
  throw new Error("expected an OpenchatError");
}

describe("unwrap", () => {
  it("returns data of a {success: true, data} body, typed from the success branch", async () => {
    const data = unwrap(await client.POST("/api/v1/im/message/send", { body: message }));
    expectTypeOf(data).toEqualTypeOf<components["schemas"]["SendMessageResult"]>();
    expect(data).toEqual({ messageId: "msg-xxx", messageSeq: 12345 });
  });

  it("call() does the same for a pending call", async () => {
    const data = await call(client.GET("/api/v1/im/system/info"));
    expectTypeOf(data).toEqualTypeOf<components["schemas"]["SystemInfo"]>();
    expect(data.connections).toBe(1000);
  });

  it("returns the bare body of routes without an envelope (login)", async () => {
    const session = await call(client.POST("/api/v1/auth/login", { body: { username: "alice", password: "OpenChat@123" } }));
    expect(session.user.nickname).toBe("Alice");
  });

  it("throws for the handler's {success: false, message}, with the message and the operation", async () => {
    const result = await client.POST("/api/v1/im/message/send", { body: message, headers: { prefer: "example=failed" } });
    expect(result.response.status).toBe(200);
    expect(result.data).toEqual({ success: false, message: "发送消息失败" });
    const error = caught(() => unwrap(result));
    expect(error).toBeInstanceOf(ImApiError);
    expect(error).toMatchObject({ name: "OpenchatError", api: "openchat", kind: "api", status: 200, code: undefined, operation: "sendMessage" });
    expect(error.message).toBe("openchat sendMessage: success: false: 发送消息失败");
    expect(error.body).toEqual({ success: false, message: "发送消息失败" });
  });

  it("names getImToken for its failure example", async () => {
    const result = await client.POST("/api/v1/im/token", { headers: { prefer: "example=failed" } });
    const error = caught(() => unwrap(result));
    expect(error).toMatchObject({ operation: "getImToken", kind: "api" });
    expect(error.message).toContain("获取Token失败");
  });

  it("names getSystemInfo for its failure example", async () => {
    const result = await client.GET("/api/v1/im/system/info", { headers: { prefer: "example=failed" } });
    const error = caught(() => unwrap(result));
    expect(error).toMatchObject({ operation: "getSystemInfo", kind: "api" });
    expect(error.message).toContain("获取系统信息失败");
  });

  it("throws for an unhealthy health check, which has data but success: false", async () => {
    const result = await createOpenchatClient({ baseUrl }).GET("/api/v1/im/health", { headers: { prefer: "example=unhealthy" } });
    const error = caught(() => unwrap(result));
    expect(error).toMatchObject({ operation: "getHealth", kind: "api", status: 200 });
    expect(error.message).toContain("unhealthy");
  });

  it("throws for the filter's 400 with code VAL_001", async () => {
    const result = await client.POST("/api/v1/im/channel/delete", { body: { channelId: "", channelType: 2 } });
    const error = caught(() => unwrap(result));
    expect(error).toMatchObject({ kind: "api", status: 400, code: "VAL_001", operation: "deleteChannel" });
  });

  it("throws for the filter's 401 with code AUTH_004", async () => {
    const result = await createOpenchatClient({ baseUrl }).POST("/api/v1/im/channel/create", { body: { channelId: "c", channelType: 2 } });
    const error = caught(() => unwrap(result));
    expect(error).toMatchObject({ kind: "api", status: 401, code: "AUTH_004", operation: "createChannel" });
    expect(error.message).toBe("openchat createChannel: HTTP 401 AUTH_004: Authentication failed");
  });

  it("never puts the token into the error", async () => {
    let sent: string | null = null;
    const rejecting = createOpenchatClient({
      baseUrl,
      token,
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        sent = input instanceof Request ? input.headers.get("authorization") : new Headers(init?.headers).get("authorization");
        return new Response(
          JSON.stringify({ success: false, error: { code: "AUTH_004", type: "UnauthorizedError", message: "Authentication failed", module: "Authentication", severity: "MEDIUM" }, timestamp: "2024-01-15T10:30:00.000Z", path: "/api/v1/im/config" }),
          { status: 401, headers: { "content-type": "application/json" } },
        );
      },
    });
    const result = await rejecting.GET("/api/v1/im/config");
    expect(sent).toBe(`Bearer ${token}`);
    const thrown = caught(() => unwrap(result));
    expect(thrown.code).toBe("AUTH_004");
    for (const text of [thrown.message, thrown.stack ?? "", JSON.stringify(thrown.body), String(thrown)]) expect(text).not.toContain(token);
  });

  it("throws kind http for a failing status without an OpenChat body", async () => {
    const proxy = createOpenchatClient({
      baseUrl,
      token,
      retry: false,
      fetch: async () => new Response("Bad Gateway", { status: 502, headers: { "content-type": "text/plain" } }),
    });
    const result = await proxy.GET("/api/v1/im/config");
    const error = caught(() => unwrap(result));
    expect(error).toMatchObject({ kind: "http", status: 502, code: undefined, operation: "getImConfig", body: "Bad Gateway" });
  });

  it("throws kind invalid-response for success: true without data", async () => {
    const odd = createOpenchatClient({
      baseUrl,
      token,
      fetch: async () => new Response('{"success":true}', { status: 200, headers: { "content-type": "application/json" } }),
    });
    const result = await odd.GET("/api/v1/im/config");
    const error = caught(() => unwrap(result));
    expect(error).toMatchObject({ kind: "invalid-response", status: 200, operation: "getImConfig" });
  });
});
