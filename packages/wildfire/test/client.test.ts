import { describe, expect, inject, it } from "vitest";
import { createWildfireClient, signAdminRequest, signingMiddleware } from "../src/index.js";

const baseUrl = inject("wildfireUrl");

describe("signing", () => {
  it("matches the published test vector", () => {
    expect(signAdminRequest("76616", "123456", "1558350862502")).toBe("b98f9b0717f59febccf1440067a7f50d9b31bdde");
  });

  it("sets fresh nonce, millisecond timestamp and sign on every request", async () => {
    const mw = signingMiddleware({ secret: "123456", now: () => 1558350862502, nonce: () => "76616" });
    const request = new Request("http://x/admin/user/get_info", { method: "POST" });
    const signed = (await mw.onRequest!({ request } as never)) as Request;
    expect(signed.headers.get("nonce")).toBe("76616");
    expect(signed.headers.get("timestamp")).toBe("1558350862502");
    expect(signed.headers.get("sign")).toBe("b98f9b0717f59febccf1440067a7f50d9b31bdde");
  });

  it("refuses an empty secret", () => {
    expect(() => signingMiddleware({ secret: "" })).toThrow(/secret must be a non-empty string/);
    expect(() => createWildfireClient({ secret: "" })).toThrow(/secret must be a non-empty string/);
  });
});

describe("createWildfireClient against the mock", () => {
  it("reads GET /admin/health (unsigned route)", async () => {
    const client = createWildfireClient({ baseUrl, secret: "123456" });
    const { data, response } = await client.GET("/admin/health");
    expect(response.status).toBe(200);
    expect(data).toMatchObject({ code: 0, msg: "success" });
  });
});
