import { createApiClient, type BaseClientOptions, type Middleware } from "@im-openapi/core";
import type { Client } from "openapi-fetch";
import { operations } from "./generated/operations.js";
import type { paths } from "./generated/schema.js";

export type { components, paths } from "./generated/schema.js";
export { operations } from "./generated/operations.js";
export { ImApiError, type ImErrorKind } from "@im-openapi/core";

/** A bearer token, or a function that returns the current one (sync or async). */
export type TokenSource = string | (() => string | Promise<string>);

export interface OpenchatClientOptions extends Partial<BaseClientOptions> {
  /** Default `http://localhost:3000`. */
  baseUrl?: string;
  /** Access token, or a provider called before each request. */
  token?: TokenSource;
  middleware?: Middleware[];
}

export type OpenchatClient = Client<paths>;

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

/** A typed client for OpenChat's WukongIM integration API. */
export function createOpenchatClient(options: OpenchatClientOptions = {}): OpenchatClient {
  const middleware = options.token === undefined ? [] : [bearerMiddleware(options.token)];
  return createApiClient<paths>(
    { api: "openchat", operations },
    { ...options, baseUrl: options.baseUrl ?? "http://localhost:3000" },
    [...middleware, ...(options.middleware ?? [])],
  );
}
