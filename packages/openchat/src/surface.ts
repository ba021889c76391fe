import type { Middleware } from "@im-openapi/core";

/**
 * Which URL layout the OpenChat server serves the spec's operations at.
 *
 * - `"document"`: OpenChat's published document, `/api/v1/im/*` and `/api/v1/auth/*` (the mock).
 * - `"e233c52"`: OpenChat at commit e233c52 (2026-02-18 … 03-16, global prefix `im/api/v1`):
 *   `/im/api/v1/im/*` and `/im/api/v1/auth/*`.
 * - `"v3"`: OpenChat from 9f73f8a (2026-03-24) to today: app routes `/im/v3/wukongim/{config,token}`
 *   and `/im/v3/auth/*`, the other nine IM routes under `/admin/im/v3/wukongim/*` (admin role).
 *
 * The table is the spec's `x-openchat-paths` on each operation; a test keeps the two equal.
 */
export type OpenchatSurface = "document" | "e233c52" | "v3";

export const OPENCHAT_SURFACES: readonly OpenchatSurface[] = ["document", "e233c52", "v3"];

/** Document path → the path each real surface serves it at (the spec's `x-openchat-paths`). */
export const surfacePaths = {
  "/api/v1/auth/login": { e233c52: "/im/api/v1/auth/login", v3: "/im/v3/auth/login" },
  "/api/v1/auth/refresh": { e233c52: "/im/api/v1/auth/refresh", v3: "/im/v3/auth/refresh" },
  "/api/v1/im/config": { e233c52: "/im/api/v1/im/config", v3: "/im/v3/wukongim/config" },
  "/api/v1/im/token": { e233c52: "/im/api/v1/im/token", v3: "/im/v3/wukongim/token" },
  "/api/v1/im/message/send": { e233c52: "/im/api/v1/im/message/send", v3: "/admin/im/v3/wukongim/message/send" },
  "/api/v1/im/message/sendbatch": { e233c52: "/im/api/v1/im/message/sendbatch", v3: "/admin/im/v3/wukongim/message/sendbatch" },
  "/api/v1/im/message/sync": { e233c52: "/im/api/v1/im/message/sync", v3: "/admin/im/v3/wukongim/message/sync" },
  "/api/v1/im/channel/create": { e233c52: "/im/api/v1/im/channel/create", v3: "/admin/im/v3/wukongim/channel/create" },
  "/api/v1/im/channel/delete": { e233c52: "/im/api/v1/im/channel/delete", v3: "/admin/im/v3/wukongim/channel/delete" },
  "/api/v1/im/channel/subscriber/add": {
    e233c52: "/im/api/v1/im/channel/subscriber/add",
    v3: "/admin/im/v3/wukongim/channel/subscriber/add",
  },
  "/api/v1/im/channel/subscriber/remove": {
    e233c52: "/im/api/v1/im/channel/subscriber/remove",
    v3: "/admin/im/v3/wukongim/channel/subscriber/remove",
  },
  "/api/v1/im/health": { e233c52: "/im/api/v1/im/health", v3: "/admin/im/v3/wukongim/health" },
  "/api/v1/im/system/info": { e233c52: "/im/api/v1/im/system/info", v3: "/admin/im/v3/wukongim/system/info" },
} as const satisfies Record<string, Record<Exclude<OpenchatSurface, "document">, string>>;

/** Checks a `surface` option; bad input is a TypeError that lists the accepted values. */
export function checkSurface(surface: unknown): OpenchatSurface {
  if (surface === undefined) return "document";
  if (typeof surface === "string" && (OPENCHAT_SURFACES as readonly string[]).includes(surface)) return surface as OpenchatSurface;
  throw new TypeError(`openchat: surface must be one of ${OPENCHAT_SURFACES.map((s) => JSON.stringify(s)).join(", ")}, got ${JSON.stringify(surface)}`);
}

/** The path `documentPath` is served at on `surface` (itself for "document" or an unknown path). */
export function surfacePath(surface: OpenchatSurface, documentPath: string): string {
  if (surface === "document") return documentPath;
  const row = (surfacePaths as Record<string, Record<string, string>>)[documentPath];
  return row?.[surface] ?? documentPath;
}

/**
 * openapi-fetch middleware that sends each operation to its path on `surface`. It replaces the
 * document path at the end of the request's path, so a `baseUrl` with a path of its own (a reverse
 * proxy's `/openchat`, say) is kept in front.
 */
export function surfaceMiddleware(surface: OpenchatSurface): Middleware {
  return {
    async onRequest({ request, schemaPath }) {
      const target = surfacePath(surface, schemaPath);
      if (target === schemaPath) return undefined;
      const url = new URL(request.url);
      if (!url.pathname.endsWith(schemaPath)) return undefined;
      url.pathname = url.pathname.slice(0, url.pathname.length - schemaPath.length) + target;
      const body = request.body === null ? undefined : await request.text();
      return new Request(url, {
        method: request.method,
        headers: request.headers,
        body,
        signal: request.signal,
        redirect: request.redirect,
      });
    },
  };
}
