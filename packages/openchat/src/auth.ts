import type { Middleware } from "@im-openapi/core";
import { errorFromResponse, OpenchatError } from "./envelope.js";
import { operations } from "./generated/operations.js";

/** A bearer token, or a function that returns the current one (sync or async). */
export type TokenSource = string | (() => string | Promise<string>);

/** Gets a new access token, e.g. from the refresh route. Called at most once per failed call. */
export type RefreshToken = () => Promise<string>;

/** openapi-fetch middleware that sets `Authorization: Bearer <token>` from a string or provider. */
export function bearerMiddleware(token: TokenSource): Middleware {
  return {
    async onRequest({ request }) {
      const value = typeof token === "function" ? await token() : token;
      if (value) request.headers.set("authorization", `Bearer ${value}`);
      return request;
    },
  };
}

// Login and refresh answer 401 for bad credentials; refreshing would not help there.
const AUTH_ROUTES = new Set(["/api/v1/auth/login", "/api/v1/auth/refresh"]);

function operationName(method: string, schemaPath: string): string {
  const key = `${method} ${schemaPath}`;
  return key in operations ? operations[key as keyof typeof operations].operationId : key;
}

async function bodyOf(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => "");
  try {
    return text === "" ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return text;
  }
}

/**
 * Middleware that answers a 401 by calling `refresh` once and sending the request once more with
 * the new token. It must run last among the request hooks, so the copy it keeps is the request as
 * sent. A second 401 is returned as it is: there is never more than one refresh and one retry per
 * call. Calls that fail together share one refresh; a call that was sent with a token older than the
 * last refreshed one is retried with that token without refreshing again.
 */
export function refreshMiddleware(refresh: RefreshToken, onRefreshed: (token: string) => void = () => undefined): Middleware {
  // The body of a sent request is consumed, so a copy is taken before sending.
  const copies = new WeakMap<Request, Request>();
  let pending: Promise<string> | undefined;
  let latest: string | undefined;

  const refreshOnce = (): Promise<string> => {
    pending ??= refresh().finally(() => {
      pending = undefined;
    });
    return pending;
  };

  return {
    onRequest({ request, schemaPath }) {
      if (!AUTH_ROUTES.has(schemaPath)) copies.set(request, request.clone());
      return undefined;
    },
    onError({ request }) {
      copies.delete(request);
      return undefined;
    },
    async onResponse({ request, response, schemaPath, options }) {
      const copy = copies.get(request);
      copies.delete(request);
      if (response.status !== 401 || copy === undefined) return undefined;

      let token: string;
      const sentWith = copy.headers.get("authorization");
      if (latest !== undefined && sentWith !== `Bearer ${latest}`) {
        token = latest;
      } else {
        try {
          token = await refreshOnce();
        } catch (cause) {
          const error = errorFromResponse(operationName(request.method, schemaPath), 401, await bodyOf(response), cause);
          throw new OpenchatError({
            operation: error.operation,
            kind: error.kind,
            status: error.status,
            code: error.code,
            body: error.body,
            cause,
            message: `HTTP 401 and refreshing the access token failed: ${cause instanceof Error ? cause.message : String(cause)}`,
          });
        }
        latest = token;
        onRefreshed(token);
      }
      await response.body?.cancel().catch(() => undefined);
      copy.headers.set("authorization", `Bearer ${token}`);
      return options.fetch(copy);
    },
  };
}
