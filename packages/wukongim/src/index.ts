import { createApiClient, type BaseClientOptions, type Middleware } from "@im-openapi/core";
import type { Client } from "openapi-fetch";
import { operations } from "./generated/operations.js";
import type { components, paths } from "./generated/schema.js";

export type { components, paths } from "./generated/schema.js";
export { operations } from "./generated/operations.js";
export { ImApiError, type ImErrorKind } from "@im-openapi/core";

export interface WukongimClientOptions extends Partial<BaseClientOptions> {
  /** Default `http://localhost:5001`. */
  baseUrl?: string;
  /** The server's `managerToken`, when it has one; sent as the `token` header. */
  token?: string | undefined;
  /** Extra openapi-fetch middleware, run after the client's own. */
  middleware?: Middleware[];
}

export type WukongimClient = Client<paths>;

/** A typed client for the WuKongIM v2 REST API. */
export function createWukongimClient(options: WukongimClientOptions = {}): WukongimClient {
  const middleware: Middleware[] = [];
  if (options.token !== undefined) {
    const token = options.token;
    middleware.push({
      onRequest({ request }) {
        request.headers.set("token", token);
        return request;
      },
    });
  }
  return createApiClient<paths>(
    { api: "wukongim", operations },
    { ...options, baseUrl: options.baseUrl ?? "http://localhost:5001" },
    [...middleware, ...(options.middleware ?? [])],
  );
}
