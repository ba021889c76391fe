// OpenChat's real servers serve the documented operations under their own paths (x-openchat-paths);
// the mock answers them as aliases, so a client set to a real surface works against it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMocks, type RunningMocks } from "../src/index.js";
import { createOpenchatClient, encodePayload, openchatLogin, unwrapOpenchat } from "./clients.js";
import { surfacePaths } from "../../openchat/dist/index.js";

let mocks: RunningMocks<"openchat">;
beforeAll(async () => {
  mocks = await startMocks({ apis: ["openchat"] });
});
afterAll(() => mocks.stop());
beforeEach(() => mocks.reset());

describe("OpenChat's real surfaces on the mock", () => {
  for (const surface of ["v3", "e233c52"] as const) {
    it(`logs in and sends through the ${surface} paths, journaled under the path asked for and the operation`, async () => {
      const { client, login } = await openchatLogin({ baseUrl: mocks.urls.openchat, surface, username: "alice", password: "OpenChat@123" });
      expect(login.token).toEqual(expect.any(String));
      expect(unwrapOpenchat(await client.GET("/api/v1/im/config"))).toMatchObject({ uid: expect.any(String) });
      const sent = unwrapOpenchat(await client.POST("/api/v1/im/message/send", { body: { channelId: "team", channelType: 2, payload: encodePayload({ type: 1, content: "hi" }) } }));
      expect(sent.messageId).toEqual(expect.any(String));
      const journal = mocks.requests({ api: "openchat" }).map((e) => [e.path, e.operationId, e.status]);
      expect(journal).toEqual([
        [surfacePaths["/api/v1/auth/login"][surface], "loginUser", 200],
        [surfacePaths["/api/v1/im/config"][surface], "getImConfig", 200],
        [surfacePaths["/api/v1/im/message/send"][surface], "sendMessage", 200],
      ]);
    });
  }

  it("error bodies name the path asked for", async () => {
    const wrong = await fetch(`${mocks.urls.openchat}/im/v3/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "alice", password: "nope" }) });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ success: false, error: { code: "AUTH_004" }, path: "/im/v3/auth/login" });
    const invalid = await fetch(`${mocks.urls.openchat}/im/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ error: { code: "VAL_001" }, path: "/im/api/v1/auth/login" });
    const anonymous = await createOpenchatClient({ baseUrl: mocks.urls.openchat, surface: "v3" }).GET("/api/v1/im/config");
    expect(anonymous.response.status).toBe(401);
    expect(anonymous.error).toMatchObject({ path: "/im/v3/wukongim/config" });
    const wrongMethod = await fetch(`${mocks.urls.openchat}/admin/im/v3/wukongim/message/send`);
    expect(wrongMethod.status).toBe(404);
    expect(await wrongMethod.json()).toMatchObject({ error: { message: "Cannot GET /admin/im/v3/wukongim/message/send" }, path: "/admin/im/v3/wukongim/message/send" });
    // A path of neither surface is still unknown.
    expect((await fetch(`${mocks.urls.openchat}/im/v3/wukongim/nothing`)).status).toBe(404);
  });

  it("answers every real path the client's surface table knows", async () => {
    const rows = Object.entries(surfacePaths).flatMap(([documented, real]) => Object.values(real).map((path) => [documented, path] as const));
    const routed = await Promise.all(rows.map(async ([documented, path]) => {
      const method = documented.endsWith("/config") || documented.endsWith("/sync") || documented.endsWith("/health") || documented.endsWith("/info") ? "GET" : "POST";
      const res = await fetch(`${mocks.urls.openchat}${path}`, { method, headers: { "content-type": "application/json" }, ...(method === "POST" ? { body: "{}" } : {}) });
      await res.arrayBuffer();
      return [path, res.status !== 404];
    }));
    expect(routed.filter(([, ok]) => !ok)).toEqual([]);
    const operations = new Set(mocks.requests({ method: "GET" }).concat(mocks.requests({ method: "POST" })).map((e) => e.operationId));
    expect(operations.has(undefined)).toBe(false);
    expect(operations.size).toBe(Object.keys(surfacePaths).length);
  });
});
