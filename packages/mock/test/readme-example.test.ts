// The README's "Use it as a test double" example, verbatim but for the import paths
// (readme.test.ts checks that the two stay the same).
// register.test.ts
import { startMocks, type RunningMocks } from "../src/index.js";
import { createWukongimClient, encodePayload, unwrap } from "../../wukongim/dist/index.js";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";

// The code under test: a new user gets a WuKongIM token and a seat in the lobby group.
async function registerUser(baseUrl: string, uid: string): Promise<void> {
  const im = createWukongimClient({ baseUrl, retry: { minDelayMs: 10 } });
  unwrap(await im.POST("/user/token", { body: { uid, token: `${uid}-token`, device_flag: 0, device_level: 1 } }));
  unwrap(await im.POST("/channel/subscriber_add", { body: { channel_id: "lobby", channel_type: 2, subscribers: [uid] } }));
}

let mocks: RunningMocks<"wukongim">;
beforeAll(async () => {
  mocks = await startMocks({ apis: ["wukongim"], stateful: true });
});
afterAll(() => mocks.stop());
beforeEach(() => mocks.reset()); // forget the requests, the overrides and the state

it("registers the user with WuKongIM", async () => {
  await registerUser(mocks.urls.wukongim, "alice");

  // What the code sent, from the journal.
  const [tokenCall] = mocks.requests({ operation: "updateUserToken" });
  expect(tokenCall?.body).toEqual({ uid: "alice", token: "alice-token", device_flag: 0, device_level: 1 });
  expect(mocks.requests({ operation: "addChannelSubscribers" })).toHaveLength(1);

  // What the mock now knows: alice is in the lobby, so her message is stored and found again.
  const im = createWukongimClient({ baseUrl: mocks.urls.wukongim });
  unwrap(await im.POST("/message/send", { body: { from_uid: "alice", channel_id: "lobby", channel_type: 2, payload: encodePayload({ type: 1, content: "hi" }) } }));
  const page = unwrap(await im.POST("/channel/messagesync", { body: { login_uid: "alice", channel_id: "lobby", channel_type: 2, start_message_seq: 0, end_message_seq: 0, limit: 10, pull_mode: 1 } }));
  expect(page.messages.map((m) => m.from_uid)).toEqual(["alice"]);
});

it("retries when WuKongIM answers 503", async () => {
  mocks.override({ api: "wukongim", operation: "updateUserToken", times: 1, reply: { fault: "unavailable", retryAfter: 1 } });

  await registerUser(mocks.urls.wukongim, "bob");

  // The first attempt got the 503, the client waited the Retry-After second and tried again.
  expect(mocks.requests({ operation: "updateUserToken" }).map((r) => r.status)).toEqual([503, 200]);
});
