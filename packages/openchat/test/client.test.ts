import { describe, expect, inject, it } from "vitest";
import { createOpenchatClient } from "../src/index.js";

const baseUrl = inject("openchatUrl");

describe("createOpenchatClient", () => {
  it("reads the public health route without a token", async () => {
    const client = createOpenchatClient({ baseUrl });
    const { data, response } = await client.GET("/api/v1/im/health");
    expect(response.status).toBe(200);
    expect(data).toMatchObject({ success: true, data: { status: "healthy" } });
  });

  it("asks an async token provider before each request", async () => {
    let calls = 0;
    let seen: string | null = null;
    const client = createOpenchatClient({
      baseUrl,
      token: async () => `t${++calls}`,
      middleware: [{ onRequest: ({ request }) => void (seen = request.headers.get("authorization")) }],
    });
    await client.GET("/api/v1/im/health");
    await client.GET("/api/v1/im/health");
    expect(calls).toBe(2);
    expect(seen).toBe("Bearer t2");
  });
});
