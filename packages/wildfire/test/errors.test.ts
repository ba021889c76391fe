import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  createWildfireClient,
  ErrorCodeByName,
  ImApiError,
  signAdminRequest,
  signingMiddleware,
  unwrap,
  WildfireError,
  type FetchResultLike,
  type Middleware,
} from "../src/index.js";
import { startLocalServer } from "@im-openapi/test-support/local-server";

const baseUrl = inject("wildfireUrl");
const getInfo = { userId: "u_test01" };

function caught(fn: () => unknown): WildfireError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(WildfireError);
    expect(error).toBeInstanceOf(ImApiError);
    return error as WildfireError;
  }
  throw new Error("expected unwrap to throw");
}

/** Middleware that runs after the client's signing and rewrites the headers. */
const rewrite = (edit: (headers: Headers) => void): Middleware => ({
  onRequest({ request }) {
    edit(request.headers);
    return request;
  },
});

describe("unwrap against the mock", () => {
  it("returns the envelope's result for code 0", async () => {
    const client = createWildfireClient({ baseUrl, secret: "123456" });
    const result = await client.POST("/admin/user/get_info", { body: getInfo });
    expect(result.data).toMatchObject({ code: 0, msg: "success" });
    const user = unwrap(result);
    expect(user).toMatchObject({ userId: expect.any(String) });
    expect(user).toEqual(result.data!.result);
  });

  it("sees 239 for an unsigned request, with HTTP 200 and the server's body", async () => {
    const client = createWildfireClient({ baseUrl, secret: "123456", middleware: [rewrite((h) => ["nonce", "timestamp", "sign"].forEach((n) => h.delete(n)))] });
    const result = await client.POST("/admin/user/get_info", { body: getInfo });
    expect(result.response.status).toBe(200);
    expect(result.data).toEqual({ code: 239, msg: "api not signed or sign parameter not completion" });
    const error = caught(() => unwrap(result));
    expect(error).toMatchObject({ kind: "api", status: 200, code: 239, codeName: "ERROR_CODE_API_NOT_SIGNED", msg: "api not signed or sign parameter not completion", operation: "getUserInfo" });
    expect(error.message).toBe("wildfire getUserInfo: api not signed or sign parameter not completion (code 239 ERROR_CODE_API_NOT_SIGNED)");
  });

  it("sees 239 when only the sign is missing", async () => {
    const client = createWildfireClient({ baseUrl, secret: "123456", middleware: [rewrite((h) => h.delete("sign"))] });
    const result = await client.POST("/admin/user/get_info", { body: getInfo });
    expect(result.data).toEqual({ code: 239, msg: "api not signed or sign parameter not completion" });
  });

  it("sees 243 for a timestamp more than two hours old", async () => {
    const threeHoursAgo = () => Date.now() - 3 * 60 * 60 * 1000;
    const client = createWildfireClient({ baseUrl, secret: "123456", middleware: [signingMiddleware({ secret: "123456", now: threeHoursAgo })] });
    const result = await client.POST("/admin/user/get_info", { body: getInfo });
    expect(result.response.status).toBe(200);
    expect(result.data).toEqual({ code: 243, msg: "sign expired" });
    expect(caught(() => unwrap(result))).toMatchObject({ code: ErrorCodeByName.ERROR_CODE_SIGN_EXPIRED, codeName: "ERROR_CODE_SIGN_EXPIRED" });
  });

  it("sees 244 for a sign made with the wrong secret", async () => {
    const client = createWildfireClient({ baseUrl, secret: "not-the-secret" });
    const result = await client.POST("/admin/user/get_info", { body: getInfo });
    expect(result.response.status).toBe(200);
    expect(result.data).toEqual({ code: 244, msg: "auth failure" });
    expect(caught(() => unwrap(result))).toMatchObject({ code: 244, codeName: "ERROR_CODE_AUTH_FAILURE", msg: "auth failure" });
  });

  it("sees 244 for an upper-case sign (the server compares case-sensitively)", async () => {
    const client = createWildfireClient({ baseUrl, secret: "123456", middleware: [rewrite((h) => h.set("sign", h.get("sign")!.toUpperCase()))] });
    const result = await client.POST("/admin/user/get_info", { body: getInfo });
    expect(result.data).toEqual({ code: 244, msg: "auth failure" });
  });

  it("sees 251 for a misspelled field", async () => {
    const client = createWildfireClient({ baseUrl, secret: "123456" });
    const post = client.POST as unknown as (path: string, init: { body: unknown }) => Promise<FetchResultLike>;
    const result = await post("/admin/user/get_info", { body: { userid: "u_test01" } });
    expect(result.response.status).toBe(200);
    expect(result.data).toEqual({ code: 251, msg: "Invalid parameter" });
    expect(caught(() => unwrap(result))).toMatchObject({ kind: "api", code: 251, codeName: "INVALID_PARAMETER", operation: "getUserInfo" });
  });

  it("throws kind http with status 500 for a route the server does not have", async () => {
    const client = createWildfireClient({ baseUrl, secret: "123456" });
    const post = client.POST as unknown as (path: string, init: { body: unknown }) => Promise<FetchResultLike>;
    const result = await post("/admin/no/such/route", { body: {} });
    expect(result.response.status).toBe(500);
    const error = caught(() => unwrap(result));
    expect(error).toMatchObject({ kind: "http", status: 500, code: undefined, codeName: undefined });
    expect(error.message).toContain("HTTP 500: empty body");
  });

  it("throws kind http with the Java exception text for a body the server cannot parse", async () => {
    const client = createWildfireClient({ baseUrl, secret: "123456" });
    const result = await client.POST("/admin/user/get_info", { body: getInfo, bodySerializer: () => "{not json" });
    expect(result.response.status).toBe(500);
    const error = caught(() => unwrap(result));
    expect(error).toMatchObject({ kind: "http", status: 500, operation: "getUserInfo" });
    expect(String(error.body)).toContain("JsonSyntaxException");
  });
});

describe("unwrap against a server that does not answer with an envelope", () => {
  let server: Awaited<ReturnType<typeof startLocalServer>>;
  beforeAll(async () => {
    server = await startLocalServer({
      "POST /admin/user/get_info": () => ({ status: 200, body: '{"userId":"u_test01"}' }),
      "POST /admin/user/destroy": () => ({ status: 200, body: '{"code":0,"msg":"success"}' }),
      "POST /admin/user/create": () => ({ status: 200, body: '{"code":4,"msg":"用户名已存在"}' }),
    });
  });
  afterAll(() => server.close());

  it("throws kind invalid-response for HTTP 200 without {code, msg}", async () => {
    const client = createWildfireClient({ baseUrl: server.url, secret: "123456" });
    const result = await client.POST("/admin/user/get_info", { body: getInfo });
    const error = caught(() => unwrap(result));
    expect(error).toMatchObject({ kind: "invalid-response", status: 200, operation: "getUserInfo", body: { userId: "u_test01" } });
  });

  it("returns undefined for a success without result", async () => {
    const client = createWildfireClient({ baseUrl: server.url, secret: "123456" });
    expect(unwrap(await client.POST("/admin/user/destroy", { body: { userId: "u_test01" } }))).toBeUndefined();
  });

  it("keeps the server's own msg (code 4 carries the exception text on user create)", async () => {
    const client = createWildfireClient({ baseUrl: server.url, secret: "123456" });
    const result = await client.POST("/admin/user/create", { body: { name: "test01", type: 0, gender: 0 } });
    const error = caught(() => unwrap(result));
    expect(error).toMatchObject({ code: 4, codeName: "ERROR_CODE_SERVER_ERROR", msg: "用户名已存在", operation: "createUser" });
    expect(error.message).toBe("wildfire createUser: 用户名已存在 (code 4 ERROR_CODE_SERVER_ERROR)");
  });
});

describe("the admin secret", () => {
  const secret = "s3cret-Zq81-never-shown";
  const leaks = (error: unknown) => {
    const seen = [String(error), (error as Error).stack ?? "", inspect(error, { depth: 10, showHidden: true }), JSON.stringify(error, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))];
    return seen.some((text) => text.includes(secret));
  };

  it("is not in the error of a rejected call", async () => {
    const client = createWildfireClient({ baseUrl, secret });
    const result = await client.POST("/admin/user/get_info", { body: getInfo });
    const error = caught(() => unwrap(result));
    expect(error.code).toBe(244);
    expect(leaks(error)).toBe(false);
    // The request carried only the derived sign.
    expect(result.response.url).not.toContain(secret);
  });

  it("is not in the error of a call that cannot connect, nor in retry logs", async () => {
    const logged: string[] = [];
    const client = createWildfireClient({
      baseUrl: "http://127.0.0.1:9",
      secret,
      retry: { retries: 1, minDelayMs: 1 },
      onRetry: (info) => logged.push(JSON.stringify(info)),
    });
    const error = await client.POST("/admin/user/get_info", { body: getInfo }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImApiError);
    expect((error as ImApiError).kind).toBe("network");
    expect(leaks(error)).toBe(false);
    expect(logged.length).toBe(1);
    expect(logged.join("\n")).not.toContain(secret);
  });

  it("is not reachable from the client object", () => {
    const client = createWildfireClient({ baseUrl, secret });
    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(secret);
  });

  it("is what the sign is made from", () => {
    expect(signAdminRequest("76616", secret, "1558350862502")).not.toBe(signAdminRequest("76616", "123456", "1558350862502"));
  });
});
