import { describe, expect, expectTypeOf, inject, it } from "vitest";
import { createWukongimClient } from "../src/index.js";

const baseUrl = inject("wukongimUrl");

describe("createWukongimClient", () => {
  it("calls GET /health on the mock and types the body", async () => {
    const client = createWukongimClient({ baseUrl });
    const { data, error, response } = await client.GET("/health");
    expect(response.status).toBe(200);
    expect(error).toBeUndefined();
    expect(data).toEqual({ status: "ok" });
    expectTypeOf(data!.status).toEqualTypeOf<"ok" | "error">();
  });

  it("gets the server's 400 shape for a missing required query parameter", async () => {
    const client = createWukongimClient({ baseUrl });
    // @ts-expect-error channel_id is required
    const { error, response } = await client.GET("/channel/max_message_seq", { params: { query: { channel_type: 2 } } });
    expect(response.status).toBe(400);
    expect(error).toMatchObject({ status: 400, msg: expect.stringContaining("channel_id") });
  });

  it("sends the managerToken as the token header", async () => {
    let seen: string | null = null;
    const client = createWukongimClient({
      baseUrl,
      token: "s3cret",
      middleware: [{ onRequest: ({ request }) => void (seen = request.headers.get("token")) }],
    });
    await client.GET("/health");
    expect(seen).toBe("s3cret");
  });
});
