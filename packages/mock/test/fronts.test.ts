// What the fronts add to Prism, checked through real requests to a running mock.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMocks, type RunningMocks } from "../src/index.js";

let mocks: RunningMocks;
beforeAll(async () => {
  mocks = await startMocks({ apis: ["wukongim", "wildfire"] });
});
afterAll(() => mocks.stop());

const signed = () => {
  const timestamp = String(Date.now());
  return { nonce: "7", timestamp, sign: createHash("sha1").update(`7|123456|${timestamp}`).digest("hex"), "content-type": "application/json" };
};

describe("mock fronts", () => {
  it("accept real snowflake ids above 2^53 where the spec marks x-bigint", async () => {
    const wildfire = await fetch(`${mocks.urls.wildfire}/admin/message/get_one`, { method: "POST", headers: signed(), body: '{"messageUid":588385037372653569}' });
    expect(await wildfire.json()).toMatchObject({ code: 0 });
    const wukongim = await fetch(`${mocks.urls.wukongim}/message`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"channel_id":"group123","channel_type":2,"message_id":2124257267757780992}' });
    expect(wukongim.status).toBe(200);
  });

  it("answer a misspelled wildfire field with code 251 and keep Prism's findings in sl-violations", async () => {
    const response = await fetch(`${mocks.urls.wildfire}/admin/user/update_block_status`, { method: "POST", headers: signed(), body: '{"userId":"u1","block":2}' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ code: 251, msg: "Invalid parameter" });
    const violations = JSON.parse(response.headers.get("sl-violations") ?? "[]") as { code: string }[];
    expect(violations.map((v) => v.code)).toContain("additionalProperties");
  });

  it("name the offending field in WuKongIM's msg", async () => {
    const response = await fetch(`${mocks.urls.wukongim}/message/send`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"channel_id":"group123","channel_type":2}' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { msg: string; status: number };
    expect(body.status).toBe(400);
    expect(body.msg).toContain("payload");
  });
});
