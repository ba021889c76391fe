import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import {
  createWukongimClient,
  ErrorKind,
  ImApiError,
  operationOf,
  ReasonCode,
  reasonCodeName,
  unwrap,
  WukongimError,
  WukongimFailure,
  type components,
  type FetchResultLike,
} from "../src/index.js";
import { startLocalServer } from "@im-openapi/test-support/local-server";

let server: Awaited<ReturnType<typeof startLocalServer>>;

beforeAll(async () => {
  server = await startLocalServer({
    "POST /message": (req) =>
      JSON.parse(req.body).message_id === 1
        ? { status: 200, body: '{"status":404}' }
        : { status: 400, body: '{"msg":"channel_type不能为0","status":400}' },
    // gin's BindJSON writes the status line before the handler's JSON, so the type is sniffed text.
    "POST /message/send": () => ({ status: 400, headers: { "content-type": "text/plain; charset=utf-8" }, body: '{"msg":"illegal base64 data at input byte 4","status":400}' }),
    "POST /user/token": (req) => {
      const { uid } = JSON.parse(req.body) as { uid: string };
      if (uid === "banned") return { status: 200, body: '{"status":19}' };
      if (uid === "odd") return { status: 200, body: '{"status":77}' };
      return { status: 200, body: '{"status":200}' };
    },
    "GET /health": () => ({ status: 500, body: '{"status":"error","message":"cluster not ready"}' }),
    "GET /channel/max_message_seq": () => ({ status: 401, headers: {} }),
  });
});
afterAll(() => server.close());

function caught(fn: () => unknown): WukongimError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(WukongimError);
    expect(error).toBeInstanceOf(ImApiError);
    return error as WukongimError;
  }
  throw new Error("expected unwrap to throw");
}

describe("unwrap", () => {
  const client = () => createWukongimClient({ baseUrl: server.url, retry: false });
  let healthResult: FetchResultLike | undefined;
  beforeAll(async () => {
    healthResult = await client().GET("/health");
  });
  const postToken = (body: { uid: string; token: string; device_flag?: 0 | 1 | 2; device_level?: number }) => client().POST("/user/token", { body });

  it("returns the body of a success, typed without the not-found shape", async () => {
    const data = unwrap(await postToken({ uid: "user123", token: "t0ken", device_flag: 0, device_level: 1 }));
    expect(data).toEqual({ status: 200 });
  });

  it("throws bad-request with the server's msg for HTTP 400 {msg, status}", async () => {
    const result = await client().POST("/message", { body: { channel_id: "group123", channel_type: 0 } });
    const error = caught(() => unwrap(result));
    expect(error).toMatchObject({ api: "wukongim", operation: "getMessage", kind: "api", failure: "bad-request", status: 400, code: 400, msg: "channel_type不能为0" });
    expect(error.message).toBe("wukongim getMessage: channel_type不能为0");
    expect(error.body).toEqual({ msg: "channel_type不能为0", status: 400 });
  });

  it("reads the 400 body even without a JSON content type (gin BindJSON)", async () => {
    const result = await client().POST("/message/send", { body: { channel_id: "group123", channel_type: 2, payload: "SGVs!G8=" } });
    const error = caught(() => unwrap(result));
    expect(error).toMatchObject({ operation: "sendMessage", failure: WukongimFailure.BadRequest, msg: "illegal base64 data at input byte 4" });
  });

  it("throws not-found (kind api, code 404) for HTTP 200 {status: 404}", async () => {
    const result = await client().POST("/message", { body: { channel_id: "group123", channel_type: 2, message_id: 1 } });
    expect(result.response.status).toBe(200);
    const error = caught(() => unwrap(result));
    expect(error).toMatchObject({ kind: ErrorKind.Api, failure: "not-found", code: 404, status: 200, operation: "getMessage" });
  });

  it("throws rejected with the ReasonCode for /user/token's HTTP 200 {status: 19}", async () => {
    const result = await postToken({ uid: "banned", token: "t0ken", device_flag: 0, device_level: 1 });
    const error = caught(() => unwrap(result));
    expect(error).toMatchObject({ kind: "api", failure: "rejected", code: ReasonCode.Ban, reason: "Ban", status: 200, operation: "updateUserToken" });
    expect(error.operation).toBe(operationOf(result.response));
    expect(error.message).toContain("refused with reason code 19 (Ban)");
  });

  it("keeps an unknown reason code without a name", async () => {
    const result = await postToken({ uid: "odd", token: "t0ken" });
    const error = caught(() => unwrap(result));
    expect(error).toMatchObject({ failure: "rejected", code: 77, reason: undefined });
  });

  it("throws unauthorized (kind http) for the managerToken gate's empty 401", async () => {
    const result = await client().GET("/channel/max_message_seq", { params: { query: { channel_id: "group123", channel_type: 2 } } });
    const error = caught(() => unwrap(result));
    expect(error).toMatchObject({ kind: "http", failure: "unauthorized", status: 401, code: undefined, operation: "getChannelMaxMessageSeq" });
  });

  it("throws unexpected-status (kind http) for other failing statuses, with the body", async () => {
    const health = caught(() => unwrap(healthResult!));
    expect(health).toMatchObject({ kind: "http", failure: "unexpected-status", status: 500, operation: "getHealth" });
    expect(health.body).toEqual({ status: "error", message: "cluster not ready" });
    expect(health.message).toBe('wukongim getHealth: HTTP 500: {"status":"error","message":"cluster not ready"}');
  });
});

describe("ReasonCode", () => {
  it("has the spec's 26 wkproto codes under the spec's names", () => {
    const spec = JSON.parse(readFileSync(new URL("../openapi.json", import.meta.url), "utf8")) as {
      components: { schemas: { ReasonCode: { enum: number[]; "x-enum-varnames": string[] } } };
    };
    const { enum: codes, "x-enum-varnames": names } = spec.components.schemas.ReasonCode;
    expect(Object.entries(ReasonCode)).toEqual(codes.map((code, i) => [names[i], code]));
    expect(Object.keys(ReasonCode)).toHaveLength(26);
    expect(ReasonCode.SendBan).toBe(25);
    expect(reasonCodeName(19)).toBe("Ban");
    expect(reasonCodeName(0)).toBe("Unknown");
    expect(reasonCodeName(26)).toBeUndefined();
  });

  it("lets callers switch on failure exhaustively", () => {
    const describe = (f: WukongimFailure): string => {
      switch (f) {
        case "bad-request":
        case "not-found":
        case "rejected":
        case "unauthorized":
        case "unexpected-status":
          return f;
      }
    };
    expect(Object.values(WukongimFailure).map(describe)).toHaveLength(5);
    expectTypeOf<components["schemas"]["NotFoundStatus"]>().toEqualTypeOf<{ status: 404 }>();
  });
});
