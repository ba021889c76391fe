// The admin API: the journal, overrides and reset over HTTP, for tests that run `im-mock` as a
// process (another language's test suite, a CI job). It lives under ADMIN_PREFIX on every mock's
// port and answers loopback callers only; from another machine the path is an ordinary unknown route.
import type http from "node:http";
import { MockError, type ApiName } from "./apis.js";
import { ADMIN_PREFIX } from "./front.js";
import type { Journal, RequestFilter } from "./journal.js";
import { isObject, parseJson, stringifyJson } from "./json.js";
import type { OverrideHandle, OverrideOptions, Overrides } from "./overrides.js";
import type { MockRequest } from "./shapes.js";
import type { WebhookDelivery, Webhooks } from "./webhooks.js";
import type { Json } from "./json.js";

export interface ResetParts {
  /** Forget the recorded requests. Default true. */
  journal?: boolean;
  /** Remove every override (stalled requests are released). Default true. */
  overrides?: boolean;
  /** Empty the stateful mocks' state. Default true. */
  state?: boolean;
}

export interface AdminContext {
  /** The API whose port the request came to; the default for `api` in overrides. */
  api: ApiName;
  journal: Journal;
  overrides: Overrides;
  override(options: OverrideOptions): OverrideHandle;
  reset(parts?: ResetParts): void;
  stateful: boolean;
  /** What each stateful API holds, for debugging. */
  stateSummary(): Record<string, unknown>;
  webhooks: Webhooks;
  pushWebhook(options: { api: ApiName; event: string; body?: Json; url?: string }): Promise<WebhookDelivery>;
}

const ROUTES = [
  "GET    /requests?api=&operation=&method=&path=&status=   the journal (matching requests)",
  "GET    /requests/wait?operation=&count=1&timeout_ms=5000 wait for requests, 408 when they do not come",
  "DELETE /requests                                         clear the journal",
  "GET    /overrides                                        the installed overrides",
  "POST   /overrides   {api?, operation, match?, times?, reply}  install one (201 with its id)",
  "DELETE /overrides and /overrides/<id>                    remove all, or one",
  "POST   /reset       {journal?, overrides?, state?}       reset (all three by default)",
  "GET    /webhooks                                         the events of this API's spec and where each goes",
  "POST   /webhooks    {api?, event, body?, url?}           post one event now (body: the spec's example)",
  "GET    /state                                            what the stateful mocks hold (counts)",
];

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  const text = stringifyJson(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": String(Buffer.byteLength(text)), "cache-control": "no-store" });
  res.end(text);
}

function filterOf(query: URLSearchParams): RequestFilter {
  const filter: RequestFilter = {};
  const api = query.get("api");
  if (api) filter.api = api as ApiName;
  const operation = query.get("operation");
  if (operation) filter.operation = operation;
  const method = query.get("method");
  if (method) filter.method = method;
  const path = query.get("path");
  if (path) filter.path = path;
  const status = query.get("status");
  if (status) filter.status = Number(status);
  return filter;
}

function describeOverride(o: ReturnType<Overrides["all"]>[number]) {
  return { id: o.id, api: o.api, operation: o.operation, match: typeof o.match === "function" ? "(a function)" : o.match, reply: o.reply, used: o.used, remaining: o.remaining ?? null };
}

export async function handleAdmin(ctx: AdminContext, request: MockRequest, res: http.ServerResponse): Promise<void> {
  const sub = request.pathname.slice(ADMIN_PREFIX.length).replace(/\/+$/, "") || "/";
  const query = new URLSearchParams(request.search);
  const body = () => {
    const text = request.body.toString("utf8").trim();
    if (text === "") return {};
    try {
      return parseJson(text);
    } catch (error) {
      throw new MockError(`the body is not JSON (${(error as Error).message})`);
    }
  };
  try {
    const key = `${request.method} ${sub}`;
    if (key === "GET /") return reply(res, 200, { api: ctx.api, stateful: ctx.stateful, prefix: ADMIN_PREFIX, routes: ROUTES });
    if (key === "GET /requests") return reply(res, 200, { requests: ctx.journal.requests(filterOf(query)), dropped: ctx.journal.dropped });
    if (key === "GET /requests/wait") {
      const count = query.has("count") ? Number(query.get("count")) : 1;
      const timeoutMs = query.has("timeout_ms") ? Number(query.get("timeout_ms")) : 5000;
      try {
        return reply(res, 200, { requests: await ctx.journal.waitFor({ ...filterOf(query), count, timeoutMs }) });
      } catch (error) {
        return reply(res, 408, { error: (error as Error).message });
      }
    }
    if (key === "DELETE /requests") {
      ctx.reset({ journal: true, overrides: false, state: false });
      return reply(res, 200, { cleared: true });
    }
    if (key === "GET /overrides") return reply(res, 200, { overrides: ctx.overrides.all().map(describeOverride) });
    if (key === "POST /overrides") {
      const options = body();
      if (!isObject(options)) throw new MockError("give a JSON object { api?, operation, match?, times?, reply }");
      const handle = ctx.override({ api: ctx.api, ...(options as unknown as OverrideOptions) });
      const installed = ctx.overrides.all().find((o) => o.id === handle.id);
      return reply(res, 201, installed ? describeOverride(installed) : { id: handle.id });
    }
    if (key === "DELETE /overrides") {
      const count = ctx.overrides.all().length;
      ctx.overrides.clear();
      return reply(res, 200, { removed: count });
    }
    const one = /^DELETE \/overrides\/([^/]+)$/.exec(key);
    if (one) {
      if (!ctx.overrides.remove(decodeURIComponent(one[1]!))) return reply(res, 404, { error: `no override '${one[1]}'; GET ${ADMIN_PREFIX}/overrides lists them` });
      return reply(res, 200, { removed: 1 });
    }
    if (key === "POST /reset") {
      const parts = body();
      ctx.reset(isObject(parts) ? (parts as ResetParts) : {});
      return reply(res, 200, { reset: true });
    }
    if (key === "GET /webhooks") {
      const events = ctx.webhooks.names(ctx.api).map((event) => ({ event, url: ctx.webhooks.urlOf(ctx.api, event) ?? null }));
      return reply(res, 200, { api: ctx.api, events });
    }
    if (key === "POST /webhooks") {
      const given = body();
      if (!isObject(given) || typeof given["event"] !== "string") throw new MockError("give a JSON object { api?, event, body?, url? }");
      const delivery = await ctx.pushWebhook({
        api: (typeof given["api"] === "string" ? given["api"] : ctx.api) as ApiName,
        event: given["event"],
        ...(given["body"] !== undefined ? { body: given["body"] } : {}),
        ...(typeof given["url"] === "string" ? { url: given["url"] } : {}),
      });
      return reply(res, 200, delivery);
    }
    if (key === "GET /state") return reply(res, 200, ctx.stateful ? ctx.stateSummary() : { stateful: false });
    const known = ["/", "/requests", "/requests/wait", "/overrides", "/reset", "/state", "/webhooks"].includes(sub) || sub.startsWith("/overrides/");
    return reply(res, known ? 405 : 404, { error: `${known ? "method not allowed" : "no such admin route"}: ${request.method} ${ADMIN_PREFIX}${sub === "/" ? "" : sub}`, routes: ROUTES });
  } catch (error) {
    if (error instanceof MockError) return reply(res, 400, { error: error.message });
    return reply(res, 500, { error: `im-mock admin API failed: ${(error as Error).message}` });
  }
}
