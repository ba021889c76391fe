import { describe, expect, inject, it } from "vitest";
import { createWukongimClient, operationOf, operations, unwrap, WukongimError, type FetchResultLike } from "../src/index.js";
import { BundledSpec, existsIn } from "@im-openapi/test-support/spec-examples";

// Every operation the bundled spec has, sent through the typed client with the spec's own first
// examples; the mock must answer 200 with a body that matches the operation's 200 schema. The list
// grows with the spec.
const spec = new BundledSpec(new URL("../openapi.json", import.meta.url));
const baseUrl = inject("wukongimUrl");
const client = createWukongimClient({ baseUrl, retry: false });

type Init = { params?: { path?: Record<string, string | number>; query?: Record<string, string | number> }; body?: unknown; redirect?: RequestRedirect };
const call = (method: string, path: string, init: Init) =>
  (client[method as "GET"] as unknown as (path: string, init: Init) => Promise<FetchResultLike>)(path, init);

describe("the generated operation table", () => {
  it("lists every operation of the bundled spec with its operationId", () => {
    const fromSpec = Object.fromEntries(spec.operations().map((op) => [`${op.method} ${op.path}`, op.operationId]));
    const fromTable = Object.fromEntries(Object.entries(operations).map(([route, info]) => [route, info.operationId]));
    expect(fromTable).toEqual(fromSpec);
  });
});

describe.each(spec.operations().map((op) => [`${op.method} ${op.path} (${op.operationId})`, op] as const))("%s", (_name, op) => {
  it("answers the spec's first example with its declared success and a body that matches the schema", async () => {
    const example = spec.exampleRequest(op);
    expect(example, "every required parameter and request body has an example").toBeDefined();
    const { path, query, body } = example!;
    // redirect: manual, so a declared 301 is seen as such instead of followed.
    const result = await call(op.method, op.path, { params: { path, query }, redirect: "manual", ...(body === undefined ? {} : { body }) });
    if (!existsIn(op, spec.version)) {
      // A route this server version lacks: gin's plain 404.
      expect(result.response.status).toBe(404);
      return;
    }
    const success = spec.success(op);
    expect(result.response.status, JSON.stringify(result.error)).toBe(success.status);
    expect(operationOf(result.response)).toBe(op.operationId);
    if (success.mediaType === undefined) return;
    expect(result.response.headers.get("content-type") ?? "").toContain(success.mediaType);
    const validate = spec.responseValidator(op, success.status, success.mediaType);
    expect(validate(result.data), JSON.stringify(validate.errors)).toBe(true);
  });
});

describe("response validation", () => {
  it("is not vacuous: a body that breaks the schema fails it", () => {
    const health = spec.operations().find((op) => op.operationId === "getHealth")!;
    const validate = spec.responseValidator(health, 200);
    expect(validate({ status: "ok" })).toBe(true);
    expect(validate({ status: "fine" })).toBe(false);
    expect(validate("<html>502 Bad Gateway</html>")).toBe(false);
  });
});

describe("request validation by the mock", () => {
  it("answers a misspelled field with the server's 400 {msg, status}, which unwrap throws", async () => {
    const result = await call("POST", "/message/send", { body: { channelId: "group123", channel_type: 2, payload: "SGVsbG8gV29ybGQ=" } });
    expect(result.response.status).toBe(400);
    expect(result.error).toMatchObject({ status: 400, msg: expect.stringContaining("channelId") });
    expect(() => unwrap(result)).toThrow(WukongimError);
    try {
      unwrap(result);
    } catch (error) {
      expect(error).toMatchObject({ failure: "bad-request", operation: "sendMessage", status: 400 });
    }
  });

  it("answers a payload that is not base64 with 400", async () => {
    const result = await client.POST("/message/send", { body: { channel_id: "group123", channel_type: 2, payload: "not base64!" } });
    expect(result.response.status).toBe(400);
    expect(result.error).toMatchObject({ status: 400, msg: expect.stringContaining("payload") });
  });
});
