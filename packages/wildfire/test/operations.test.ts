import { describe, expect, inject, it } from "vitest";
import { createWildfireClient, operationOf, operations, unwrap, type FetchResultLike } from "../src/index.js";
import { BundledSpec, existsIn } from "@im-openapi/test-support/spec-examples";

// Every operation the bundled spec has, sent through the typed (and signing) client with the spec's
// own first examples. The mock emulates the pro edition, so pro routes answer; docs-only routes
// (documented paths no server has) answer HTTP 500 with an empty body, as the real server does.
const spec = new BundledSpec(new URL("../openapi.json", import.meta.url));
const baseUrl = inject("wildfireUrl");
const client = createWildfireClient({ baseUrl, secret: "123456", retry: false });

type Init = { params?: { path?: Record<string, string | number>; query?: Record<string, string | number> }; body?: unknown };
const call = (method: string, path: string, init: Init) =>
  (client[method as "POST"] as unknown as (path: string, init: Init) => Promise<FetchResultLike>)(path, init);

describe("the generated operation table", () => {
  it("lists every operation of the bundled spec with its operationId", () => {
    const fromSpec = Object.fromEntries(spec.operations().map((op) => [`${op.method} ${op.path}`, op.operationId]));
    const fromTable = Object.fromEntries(Object.entries(operations).map(([route, info]) => [route, info.operationId]));
    expect(fromTable).toEqual(fromSpec);
  });
});

describe.each(spec.operations().map((op) => [`${op.method} ${op.path} (${op.operationId})`, op] as const))("%s", (_name, op) => {
  it("answers the spec's first example as the spec says", async () => {
    const example = spec.exampleRequest(op);
    expect(example, "every required parameter and request body has an example").toBeDefined();
    const { path, query, body } = example!;
    const result = await call(op.method, op.path, { params: { path, query }, ...(body === undefined ? {} : { body }) });
    if (op.edition === "docs-only" || !existsIn(op, spec.version)) {
      // No server has this route: the admin handler's HTTP 500 with an empty body.
      expect(result.response.status).toBe(500);
      expect(() => unwrap(result)).toThrow(/HTTP 500/);
      return;
    }
    const success = spec.success(op);
    expect(success).toEqual({ status: 200, mediaType: "application/json" });
    expect(result.response.status, JSON.stringify(result.error)).toBe(200);
    expect(operationOf(result.response)).toBe(op.operationId);
    const validate = spec.responseValidator(op, 200);
    expect(validate(result.data), JSON.stringify(validate.errors)).toBe(true);
    // unwrap hands back the envelope's result, or throws its code.
    const envelope = result.data as { code: number; result?: unknown };
    if (envelope.code === 0) expect(unwrap(result)).toEqual(envelope.result);
    else expect(() => unwrap(result)).toThrow(`code ${envelope.code}`);
  });
});

describe("response validation", () => {
  it("is not vacuous: a body that breaks the schema fails it", () => {
    const getInfo = spec.operations().find((op) => op.operationId === "getUserInfo")!;
    const validate = spec.responseValidator(getInfo, 200);
    expect(validate({ code: 0, msg: "success", result: { userId: "u_test01" } })).toBe(true);
    expect(validate({ code: "0", msg: "success" })).toBe(false);
    expect(validate({ code: 1000, msg: "no such code" })).toBe(false);
    expect(validate("success")).toBe(false);
  });
});
