import { ImApiError, operationOf, type ImErrorKind } from "@im-openapi/core";
import { errorCodeName, type ErrorCodeName } from "./error-code.js";

export interface WildfireErrorInit {
  operation: string;
  kind: Extract<ImErrorKind, "api" | "http" | "invalid-response">;
  status: number;
  message: string;
  /** The envelope's `code`, for kind `api`. */
  code?: number | undefined;
  /** The envelope's `msg`, for kind `api`. */
  msg?: string | undefined;
  body?: unknown;
}

/**
 * A wildfire answer that is not a success, thrown by `unwrap`:
 * - kind `api`: HTTP 200 with an envelope whose `code` is not 0 (`code`, `codeName`, `msg` say which);
 * - kind `http`: any other HTTP status, in practice 500 for an unknown route, a wrong method or a
 *   body the server could not parse (`body` holds the Java exception text, if any);
 * - kind `invalid-response`: HTTP 200 without an envelope.
 */
export class WildfireError extends ImApiError {
  /** The ErrorCode's name, e.g. `ERROR_CODE_NOT_EXIST`, when the code is in the table. */
  readonly codeName: ErrorCodeName | undefined;
  /** The server's `msg` as sent (for code 4 on user/robot create, the exception text). */
  readonly msg: string | undefined;
  declare readonly status: number;
  declare readonly code: number | undefined;

  constructor(init: WildfireErrorInit) {
    super({
      api: "wildfire",
      operation: init.operation,
      kind: init.kind,
      status: init.status,
      code: init.code,
      body: init.body,
      message: init.message,
    });
    this.name = "WildfireError";
    this.msg = init.msg;
    this.codeName = init.code === undefined ? undefined : errorCodeName(init.code);
  }
}

/** What openapi-fetch (and so every im-openapi client) resolves to. */
export interface FetchResultLike {
  data?: unknown;
  error?: unknown;
  response: Response;
}

type SuccessBody<R> = R extends { data: infer D; error?: never } ? D : never;
type EnvelopeResult<D> = D extends { result?: infer X } ? X : undefined;

/**
 * The `result` of a call's success envelope, typed from the operation's 200 response. Routes that
 * declare no result give `unknown` (at run time `undefined`: the server omits the key).
 */
export type Unwrapped<R> = EnvelopeResult<SuccessBody<R>>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function preview(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value) ?? "";
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}

/**
 * The envelope's `result` when `code` is 0; otherwise throws WildfireError. Every handled answer is
 * HTTP 200 `{code, msg, result?}`, so a non-zero `code` is the only way the server says no.
 *
 * ```ts
 * const user = unwrap(await client.POST("/admin/user/get_info", { body: { userId: "u_test01" } }));
 * ```
 */
export function unwrap<R extends FetchResultLike>(result: R): Unwrapped<R> {
  const { response } = result;
  const operation = operationOf(response) ?? new URL(response.url || "http://unknown/").pathname;
  const status = response.status;
  if (!response.ok) {
    const body = result.error;
    const detail =
      body === undefined || body === ""
        ? status === 500
          ? ": empty body (the server has no such route for this method)"
          : ""
        : `: ${preview(body)}`;
    throw new WildfireError({ operation, kind: "http", status, body, message: `HTTP ${status}${detail}` });
  }
  const data = result.data;
  if (!isRecord(data) || typeof data["code"] !== "number") {
    throw new WildfireError({ operation, kind: "invalid-response", status, body: data, message: `HTTP ${status} without a {code, msg} envelope: ${preview(data)}` });
  }
  const code = data["code"];
  if (code === 0) return data["result"] as Unwrapped<R>;
  const msg = typeof data["msg"] === "string" ? data["msg"] : undefined;
  const name = errorCodeName(code);
  throw new WildfireError({
    operation,
    kind: "api",
    status,
    code,
    msg,
    body: data,
    message: `${msg ?? "error"} (code ${code}${name ? ` ${name}` : ""})`,
  });
}
