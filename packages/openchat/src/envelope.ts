import { ImApiError, operationOf, type ImErrorKind } from "@im-openapi/core";
import type { components } from "./generated/schema.js";

/** The exception filter's body: authentication, validation, rate limit and unknown routes. */
export type FilterErrorBody = components["schemas"]["FilterError"];
/** `{success: false, message}`: the handler caught a failed call to WuKongIM. */
export type HandlerFailureBody = components["schemas"]["HandlerFailure"];

export interface OpenchatErrorInit {
  operation: string;
  kind: ImErrorKind;
  message: string;
  status?: number | undefined;
  code?: string | undefined;
  body?: unknown;
  cause?: unknown;
}

/**
 * What `unwrap` and the client throw. `kind` is `api` for an OpenChat error body (`code` is the
 * filter's code such as `AUTH_004`, or undefined for a handler's `{success: false, message}`),
 * `http` for a failing status without such a body, `invalid-response` for a body that is not
 * what the operation answers.
 */
export class OpenchatError extends ImApiError {
  declare readonly code: string | undefined;

  constructor(init: OpenchatErrorInit) {
    super({ api: "openchat", ...init });
    this.name = "OpenchatError";
  }
}

/** The result of a client call, as openapi-fetch returns it. */
export interface CallResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * What a successful call gives: `data` of a `{success: true, data}` envelope, or the whole body for
 * routes without an envelope (login, refresh). The `{success: false, …}` branches drop out, and so
 * does the `false` of a `{success: boolean, data}` body (the health route: `unwrap` throws for it).
 */
export type Unwrapped<T> = T extends { success: true; data: infer D }
  ? D
  : T extends { success: false }
    ? never
    : T extends { success: boolean; data: infer D }
      ? D
      : T;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** True for the exception filter's `{success: false, error: {code, message, …}}`. */
export function isFilterError(body: unknown): body is FilterErrorBody {
  if (!isObject(body) || body["success"] !== false || !isObject(body["error"])) return false;
  const error = body["error"];
  return typeof error["code"] === "string" && typeof error["message"] === "string";
}

/** The error for a response that is not a success, built from its body. */
export function errorFromResponse(operation: string, status: number, body: unknown, cause?: unknown): OpenchatError {
  if (isFilterError(body)) {
    const { code, message } = body.error;
    return new OpenchatError({ operation, kind: "api", status, code, body, cause, message: `HTTP ${status} ${code}: ${message}` });
  }
  return new OpenchatError({ operation, kind: "http", status, body, cause, message: `HTTP ${status} without an OpenChat error body` });
}

/**
 * Returns what a call succeeded with, or throws an OpenchatError naming the operation.
 *
 *   const config = unwrap(await client.GET("/api/v1/im/config"));
 */
export function unwrap<T>(result: CallResult<T>): Unwrapped<T> {
  const { response } = result;
  const operation = operationOf(response) ?? "unknown operation";
  const status = response.status;
  if (!response.ok || result.error !== undefined) throw errorFromResponse(operation, status, result.error);

  const body: unknown = result.data;
  if (isObject(body) && typeof body["success"] === "boolean") {
    if (body["success"] === true) {
      if (!("data" in body)) {
        throw new OpenchatError({ operation, kind: "invalid-response", status, body, message: "success: true without data" });
      }
      return body["data"] as Unwrapped<T>;
    }
    if (isFilterError(body)) throw errorFromResponse(operation, status, body);
    const message = typeof body["message"] === "string" ? body["message"] : describeFailure(body);
    throw new OpenchatError({ operation, kind: "api", status, body, message: `success: false: ${message}` });
  }
  if (body === undefined || body === null) {
    throw new OpenchatError({ operation, kind: "invalid-response", status, body, message: `HTTP ${status} without a body` });
  }
  return body as Unwrapped<T>;
}

/** `unwrap` for a pending call: `await call(client.POST("/api/v1/im/token"))`. */
export async function call<T>(pending: Promise<CallResult<T>>): Promise<Unwrapped<T>> {
  return unwrap(await pending);
}

// A `{success: false}` body without `message`, e.g. the health route's `{data: {status: "unhealthy"}}`.
function describeFailure(body: Record<string, unknown>): string {
  const data = body["data"];
  if (isObject(data) && typeof data["status"] === "string") return `status ${data["status"]}`;
  return "the server reported a failure";
}
