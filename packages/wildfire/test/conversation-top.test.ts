import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { conversationSettingKey, ConversationType, createWildfireClient, isConversationTop, setConversationTop, UserSettingScope, WildfireError } from "../src/index.js";
import { startLocalServer } from "@im-openapi/test-support/local-server";

describe("conversationSettingKey", () => {
  it("is <type>-<line>-<target>, line defaulting to 0", () => {
    expect(conversationSettingKey({ type: ConversationType.Single, target: "u_test02", line: 0 })).toBe("0-0-u_test02");
    expect(conversationSettingKey({ type: ConversationType.Group, target: "g_test01" })).toBe("1-0-g_test01");
    expect(conversationSettingKey({ type: ConversationType.Channel, target: "ch-1", line: 2 })).toBe("3-2-ch-1");
  });

  it("refuses what cannot be a conversation", () => {
    expect(() => conversationSettingKey({ type: 0, target: "" })).toThrow(/target must be a non-empty string/);
    expect(() => conversationSettingKey({ type: -1, target: "u" })).toThrow(/type must be a non-negative integer/);
    expect(() => conversationSettingKey({ type: 1, target: "g", line: 1.5 })).toThrow(/line must be a non-negative integer/);
  });
});

describe("conversation top over user settings", () => {
  let server: Awaited<ReturnType<typeof startLocalServer>>;
  const stored = new Map<string, string>();
  beforeAll(async () => {
    server = await startLocalServer({
      "POST /admin/user/put_setting": (req) => {
        const { userId, scope, key, value } = JSON.parse(req.body) as { userId: string; scope: number; key: string; value: string };
        stored.set(`${userId}/${scope}/${key}`, value);
        return { status: 200, body: '{"code":0,"msg":"success"}' };
      },
      "POST /admin/user/get_setting": (req) => {
        const { userId, scope, key } = JSON.parse(req.body) as { userId: string; scope: number; key: string };
        if (userId === "u_denied") return { status: 200, body: '{"code":244,"msg":"auth failure"}' };
        const value = stored.get(`${userId}/${scope}/${key}`);
        if (value === undefined) return { status: 200, body: '{"code":253,"msg":"not exist"}' };
        return { status: 200, body: JSON.stringify({ code: 0, msg: "success", result: { userId, scope, key, value } }) };
      },
    });
  });
  afterAll(() => server.close());
  const client = () => createWildfireClient({ baseUrl: server.url, secret: "123456" });
  const conversation = { type: ConversationType.Single, target: "u_test02", line: 0 };

  it("writes scope 3, key <type>-<line>-<target>, value 1 or 0, signed", async () => {
    server.requests.length = 0;
    await setConversationTop(client(), { userId: "u_test01", conversation, top: true });
    await setConversationTop(client(), { userId: "u_test01", conversation: { type: ConversationType.Group, target: "g_test01" }, top: false });
    expect(server.requests.map((r) => JSON.parse(r.body))).toEqual([
      { userId: "u_test01", scope: UserSettingScope.ConversationTop, key: "0-0-u_test02", value: "1" },
      { userId: "u_test01", scope: 3, key: "1-0-g_test01", value: "0" },
    ]);
    expect(server.requests[0]!.path).toBe("/admin/user/put_setting");
    expect(server.requests[0]!.headers["sign"]).toMatch(/^[0-9a-f]{40}$/);
  });

  it("reads back what was written", async () => {
    await setConversationTop(client(), { userId: "u_a", conversation, top: true });
    expect(await isConversationTop(client(), { userId: "u_a", conversation })).toBe(true);
    await setConversationTop(client(), { userId: "u_a", conversation, top: false });
    expect(await isConversationTop(client(), { userId: "u_a", conversation })).toBe(false);
    const getBody = JSON.parse(server.requests.at(-1)!.body) as Record<string, unknown>;
    expect(getBody).toEqual({ userId: "u_a", scope: 3, key: "0-0-u_test02" });
  });

  it("treats a setting never written (253) as not pinned", async () => {
    expect(await isConversationTop(client(), { userId: "u_never", conversation })).toBe(false);
  });

  it("throws other refusals", async () => {
    const error = await isConversationTop(client(), { userId: "u_denied", conversation }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WildfireError);
    expect(error).toMatchObject({ code: 244, operation: "getUserSetting" });
  });
});

describe("conversation top against the mock", () => {
  const baseUrl = inject("wildfireUrl");

  it("sets and reads through the spec's routes", async () => {
    const client = createWildfireClient({ baseUrl, secret: "123456" });
    await expect(setConversationTop(client, { userId: "u_test01", conversation: { type: 0, target: "u_test02" }, top: true })).resolves.toBeUndefined();
    // The spec's first get_setting example is the pinned conversation 0-0-u_test02.
    await expect(isConversationTop(client, { userId: "u_test01", conversation: { type: 0, target: "u_test02" } })).resolves.toBe(true);
  });

  it("reads the spec's never-set example (253) as not pinned", async () => {
    const prefer = { onRequest: ({ request }: { request: Request }) => (request.headers.set("Prefer", "example=neverSet"), request) };
    const client = createWildfireClient({ baseUrl, secret: "123456", middleware: [prefer] });
    await expect(isConversationTop(client, { userId: "u_test01", conversation: { type: 0, target: "u_test02" } })).resolves.toBe(false);
  });

  it("fails loudly with a wrong secret instead of answering false", async () => {
    const client = createWildfireClient({ baseUrl, secret: "wrong" });
    await expect(isConversationTop(client, { userId: "u_test01", conversation: { type: 0, target: "u_test02" } })).rejects.toMatchObject({ code: 244 });
    await expect(setConversationTop(client, { userId: "u_test01", conversation: { type: 0, target: "u_test02" }, top: true })).rejects.toMatchObject({ code: 244 });
  });
});
