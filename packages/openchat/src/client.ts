import { createApiClient, type BaseClientOptions, type Middleware, type StrictClient } from "@im-openapi/core";
import { bearerMiddleware, refreshMiddleware, type RefreshToken, type TokenSource } from "./auth.js";
import { operations } from "./generated/operations.js";
import type { paths } from "./generated/schema.js";
import { checkSurface, surfaceMiddleware, type OpenchatSurface } from "./surface.js";

export interface OpenchatClientOptions extends Partial<BaseClientOptions> {
  /** Default `http://localhost:3000`: the server's origin (plus any path a reverse proxy adds). */
  baseUrl?: string;
  /**
   * The URL layout the server serves the operations at: `"document"` (default; `/api/v1/...`, the
   * mock), `"e233c52"` (`/im/api/v1/...`) or `"v3"` (today's OpenChat: `/im/v3/wukongim/{config,token}`,
   * `/im/v3/auth/*`, the other IM routes under `/admin/im/v3/wukongim/*`). Calls keep the document
   * paths (`client.GET("/api/v1/im/config")`); only the URL sent changes.
   */
  surface?: OpenchatSurface | undefined;
  /**
   * Access token, or a provider asked before each request. A string is replaced by the token a
   * refresh returns; a provider stays the source of truth, so `refresh` should store the new token
   * where the provider reads it (`login` does).
   */
  token?: TokenSource | undefined;
  /**
   * Called when a request is answered 401: the request is sent once more with the token it returns.
   * Never called for the login and refresh routes, and at most once per call.
   */
  refresh?: RefreshToken | undefined;
  /** Extra openapi-fetch middleware; runs after the bearer token is set and before the refresh hook. */
  middleware?: Middleware[];
}

/** openapi-fetch's client for this API; a body key the operation does not declare is a compile error. */
export type OpenchatClient = StrictClient<paths>;

/** A typed client for OpenChat's WukongIM integration API and its login routes. */
export function createOpenchatClient(options: OpenchatClientOptions = {}): OpenchatClient {
  const { token, refresh, middleware = [], surface, ...rest } = options;
  const layout = checkSurface(surface);
  let current: TokenSource | undefined = token;
  const own: Middleware[] = [];
  if (layout !== "document") own.push(surfaceMiddleware(layout));
  if (token !== undefined || refresh !== undefined) {
    own.push(bearerMiddleware(() => (current === undefined ? "" : typeof current === "function" ? current() : current)));
  }
  const last: Middleware[] = [];
  if (refresh !== undefined) {
    last.push(
      refreshMiddleware(refresh, (next) => {
        if (typeof current !== "function") current = next;
      }),
    );
  }
  return createApiClient<paths>(
    { api: "openchat", operations },
    { ...rest, baseUrl: rest.baseUrl ?? "http://localhost:3000" },
    [...own, ...middleware, ...last],
  ) as OpenchatClient;
}
