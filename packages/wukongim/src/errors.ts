import { ImApiError, operationOf, type ImErrorKind } from "@im-openapi/core";
import { reasonCodeName, type ReasonCodeName } from "./reason-code.js";

/**
 * What a WuKongIM answer meant, for `switch`:
 * - `bad-request`: HTTP 400 `{msg, status}`, the server's one error shape (`msg` says why);
 * - `not-found`: HTTP 200 `{"status": 404}` from `/message`, `/message/byclientmsgno`, `/channel/last_message`;
 * - `rejected`: HTTP 200 `{"status": <ReasonCode>}`, as `/user/token` answers for a banned user;
 * - `unauthorized`: HTTP 401 with an empty body, the `managerToken` gate (send the `token` option);
 * - `unexpected-status`: any other status the operation does not succeed with (an unknown route's
 *   404, a 5xx from a proxy, `/health`'s 500).
 */
export const WukongimFailure = {
  BadRequest: "bad-request",
  NotFound: "not-found",
  Rejected: "rejected",
  Unauthorized: "unauthorized",
  UnexpectedStatus: "unexpected-status",
} as const;
export type WukongimFailure = (typeof WukongimFailure)[keyof typeof WukongimFailure];

/** The kinds every im-openapi error has (`error.kind`), as constants. */
export const ErrorKind = {
  Api: "api",
  Http: "http",
  Network: "network",
  Timeout: "timeout",
  Aborted: "aborted",
  InvalidResponse: "invalid-response",
} as const satisfies Record<string, ImErrorKind>;

export interface WukongimErrorInit {
  operation: string;
  failure: WukongimFailure;
  status: number;
  message: string;
  /** The server's `msg`, when the body had one. */
  msg?: string | undefined;
  /** `status` from the body: 400, 404 or a ReasonCode. */
  code?: number | undefined;
  body?: unknown;
}

/** A WuKongIM answer that is not a success, thrown by `unwrap`. */
export class WukongimError extends ImApiError {
  readonly failure: WukongimFailure;
  /** The server's `msg` (often Chinese, as the server writes it), when it sent one. */
  readonly msg: string | undefined;
  /** For `rejected`: the ReasonCode's name (`"Ban"` for 19), when this client knows the code. */
  readonly reason: ReasonCodeName | undefined;
  declare readonly status: number;
  declare readonly code: number | undefined;

  constructor(init: WukongimErrorInit) {
    const kind: ImErrorKind = init.failure === "unauthorized" || init.failure === "unexpected-status" ? "http" : "api";
    super({
      api: "wukongim",
      operation: init.operation,
      kind,
      status: init.status,
      code: init.code,
      body: init.body,
      message: init.message,
    });
    this.name = "WukongimError";
    this.failure = init.failure;
    this.msg = init.msg;
    this.reason = init.failure === "rejected" && init.code !== undefined ? reasonCodeName(init.code) : undefined;
  }
}

/** The body `/message` and friends answer with HTTP 200 when nothing matches. */
export interface NotFoundBody {
  status: 404;
}

/** What openapi-fetch (and so every im-openapi client) resolves to. */
export interface FetchResultLike {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** The success body of a result, without the HTTP-200 not-found shape that `unwrap` throws for. */
export type Unwrapped<R> = Exclude<R extends { data: infer D; error?: never } ? D : never, NotFoundBody>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function preview(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value) ?? "";
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

/**
 * The body of a successful call, or a thrown WukongimError for every way WuKongIM says no: HTTP 400
 * `{msg, status}`, HTTP 200 `{"status": 404}`, HTTP 200 `{"status": <ReasonCode>}` (`/user/token`),
 * HTTP 401 (managerToken), and any other failing status. Network failures and timeouts are already
 * thrown by the client as ImApiError, which WukongimError extends.
 *
 * ```ts
 * const { data: sent } = unwrap(await client.POST("/message/send", { body }));
 * ```
 */
export function unwrap<R extends FetchResultLike>(result: R): Unwrapped<R> {
  const { response } = result;
  const operation = operationOf(response) ?? `${new URL(response.url || "http://unknown/").pathname}`;
  const status = response.status;
  if (!response.ok) {
    const body = result.error;
    if (isRecord(body) && typeof body["msg"] === "string") {
      const code = typeof body["status"] === "number" ? body["status"] : undefined;
      return fail({ operation, failure: "bad-request", status, code, msg: body["msg"], body, message: body["msg"] });
    }
    if (status === 401) {
      return fail({ operation, failure: "unauthorized", status, body, message: "HTTP 401: the server requires its managerToken in the token header" });
    }
    const text = body === undefined || body === "" ? "" : `: ${preview(body)}`;
    return fail({ operation, failure: "unexpected-status", status, body, message: `HTTP ${status}${text}` });
  }
  const data = result.data;
  // HTTP 200 with a body that is only a numeric `status` other than 200 is a refusal.
  if (isRecord(data) && typeof data["status"] === "number" && data["status"] !== 200 && Object.keys(data).every((k) => k === "status" || k === "msg")) {
    const code = data["status"];
    const msg = typeof data["msg"] === "string" ? data["msg"] : undefined;
    if (code === 404) {
      return fail({ operation, failure: "not-found", status, code, msg, body: data, message: msg ?? "not found (HTTP 200 with status 404)" });
    }
    const name = reasonCodeName(code);
    return fail({
      operation,
      failure: "rejected",
      status,
      code,
      msg,
      body: data,
      message: msg ?? `refused with reason code ${code}${name ? ` (${name})` : ""}`,
    });
  }
  return data as Unwrapped<R>;
}

function fail(init: WukongimErrorInit): never {
  throw new WukongimError(init);
}
