import http from "node:http";
import type { AddressInfo } from "node:net";
import { MockError, findOperation, type ApiName, type LoadedSpec, type SpecOperation } from "./apis.js";
import type { Contract } from "./contract.js";
import { journalHeaders, queryOf, redactBody, type RecordedRequest } from "./journal.js";
import { stringifyJson, tryParseJson } from "./json.js";
import { statusReplyBody, type ActiveOverride, type Overrides, type StatusReply } from "./overrides.js";
import type { ApiRoom, ParsedRequest } from "./room.js";
import { describeViolations, parseViolations, type MockRequest, type Reply, type Violation } from "./shapes.js";

export type { RequestLogEntry } from "./journal.js";

const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "host"]);
/** Bodies longer than this are kept in the journal only in part. */
const JOURNAL_BODY_LIMIT = 256 * 1024;

/** The admin API's prefix on every mock's port. No route of WuKongIM, wildfire or OpenChat starts with `/__`. */
export const ADMIN_PREFIX = "/__im-mock";

/** How a front reaches Prism, and whom it tells about what it answered. */
export interface FrontLinks {
  /** The Prism server for this API; waits while the Prism host is being restarted. */
  upstream(): Promise<URL>;
  /**
   * Prism did not answer (a refused or reset pooled connection): resolves true when the request may
   * be sent again, once a new host is ready if the old one died.
   */
  recover?(): Promise<boolean>;
  /** Called once per answered request, with its journal entry. */
  onRequest?: ((entry: Omit<RecordedRequest, "seq">) => void) | undefined;
  /** Told when a request starts and ends, so a Prism crash can name the requests it interrupted. */
  track?(label: string, active: boolean): void;
  /** The installed per-test answers and faults. */
  overrides?: Overrides;
  /** Requests held by a `stall` fault, by override id, so removing the override releases them. */
  stalls?: Map<string, Set<() => void>>;
  /** Checks the answers the mock builds itself (overrides, echo, state). */
  contract: Contract;
  /** Answers a request under ADMIN_PREFIX from loopback; undefined when there is no admin API. */
  admin?(request: MockRequest, res: http.ServerResponse): Promise<void>;
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function forward(target: URL, req: http.IncomingMessage, path: string, body: Buffer, extraHeaders: Record<string, string> = {}): Promise<Reply & { violations?: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
    }
    Object.assign(headers, extraHeaders);
    headers["content-length"] = String(body.length);
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const out: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = Array.isArray(value) ? value.join(", ") : value;
          }
          resolve({ status: res.statusCode ?? 502, headers: out, body: Buffer.concat(chunks), violations: out["sl-violations"] });
        });
        res.on("error", reject);
      },
    );
    upstream.on("error", (error: Error & { reusedSocket?: boolean }) => {
      error.reusedSocket = upstream.reusedSocket;
      reject(error);
    });
    upstream.end(body);
  });
}

/**
 * Prism's findings about a request: in the `sl-violations` header, or, when it answers 422 because
 * the operation declares no 4xx, in the problem+json body's `validation` list.
 */
function violationsOf(reply: Reply & { violations?: string }): Violation[] {
  const fromHeader = parseViolations(reply.violations);
  if (fromHeader.length || reply.status !== 422) return fromHeader;
  try {
    const problem = JSON.parse(reply.body.toString()) as { validation?: Violation[] };
    const found = Array.isArray(problem.validation) ? problem.validation : [];
    if (found.length) reply.headers["sl-violations"] = JSON.stringify(found);
    return found;
  } catch {
    return [];
  }
}

/**
 * A header value Node will send. Node refuses control characters and anything above U+00FF (a
 * request field named in Chinese ends up in Prism's `sl-violations`); such characters are written
 * as `\uXXXX`, which keeps a JSON header parseable.
 */
export function headerSafe(value: string): string {
  return value.replace(/[^\t\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * CORS on every answer, the front's own errors included, so a page calling the mock sees the real
 * status and body instead of a network error. The mock is a development tool: any origin may call it.
 */
function corsHeaders(req: http.IncomingMessage): Record<string, string> {
  return {
    "access-control-allow-origin": req.headers.origin ?? "*",
    vary: "Origin",
    "access-control-expose-headers": "sl-violations, retry-after, content-type, content-length",
  };
}

function preflight(req: http.IncomingMessage): Reply {
  return {
    status: 204,
    headers: {
      "access-control-allow-methods": "GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS",
      "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "*",
      "access-control-max-age": "600",
    },
    body: "",
  };
}

function headersOf(req: http.IncomingMessage, reply: Reply): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...reply.headers, ...corsHeaders(req) })) headers[name] = headerSafe(value);
  return headers;
}

function send(req: http.IncomingMessage, res: http.ServerResponse, reply: Reply): void {
  const body = typeof reply.body === "string" ? Buffer.from(reply.body) : reply.body;
  res.writeHead(reply.status, { ...headersOf(req, reply), "content-length": String(body.length) });
  res.end(body);
}

/** The headers promise the whole body; the connection closes after `bytes` of it. */
function sendCut(req: http.IncomingMessage, res: http.ServerResponse, reply: Reply, bytes: number | undefined): void {
  const body = typeof reply.body === "string" ? Buffer.from(reply.body) : reply.body;
  const cut = Math.min(bytes ?? Math.floor(body.length / 2), body.length);
  res.writeHead(reply.status, { ...headersOf(req, reply), "content-length": String(Math.max(body.length, cut + 1)) });
  res.write(body.subarray(0, cut), () => res.socket?.destroy());
}

/** Whether a request comes from this machine: the admin API answers nobody else. */
export function isLoopback(address: string | undefined): boolean {
  return address !== undefined && (address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127."));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface FrontServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The public face of one mock: applies the API's behaviour, overrides and state, forwards the rest to Prism. */
export async function startFront(api: ApiName, spec: LoadedSpec, host: string, port: number, room: ApiRoom, links: FrontLinks): Promise<FrontServer> {
  const { behaviour, contract } = { behaviour: room.behaviour, contract: links.contract };
  const server = http.createServer(async (req, res) => {
    const time = Date.now();
    const started = performance.now();
    const requested = new URL(req.url ?? "/", "http://mock");
    // A real server's alias of a documented path is answered as the documented one (Prism and the
    // state know only those); the journal and error bodies keep the path the client asked for.
    const documented = room.documentedPath?.(requested.pathname);
    const url = documented === undefined ? requested : new URL(`${documented}${requested.search}`, "http://mock");
    const method = req.method ?? "GET";
    let findings: string[] = [];
    let reply: Reply | undefined;
    let answeredBy: RecordedRequest["answeredBy"] = "prism";
    let note: string | undefined;
    const request: MockRequest = { method, pathname: url.pathname, search: url.search, rawHeaders: req.rawHeaders, body: Buffer.alloc(0), ...(documented === undefined ? {} : { requestedPath: requested.pathname }) };
    const label = `${method} ${requested.pathname}`;
    const operation: SpecOperation | undefined = findOperation(spec, method === "HEAD" ? "GET" : method, url.pathname).operation;
    let override: ActiveOverride | undefined;
    let parsed: ParsedRequest | undefined;
    let bodyText = "";

    const record = (status: number, answer?: Reply) => {
      if (!links.onRequest) return;
      const answerText = answer === undefined ? "" : answer.body.toString();
      const text = bodyText.length > JOURNAL_BODY_LIMIT ? `${bodyText.slice(0, JOURNAL_BODY_LIMIT)}…(${bodyText.length - JOURNAL_BODY_LIMIT} more characters)` : bodyText;
      const redacted = redactBody(text, bodyText.length > JOURNAL_BODY_LIMIT ? undefined : (parsed?.body ?? (bodyText ? bodyText : undefined)));
      links.onRequest({
        api,
        method,
        path: requested.pathname,
        search: requested.search,
        status,
        operationId: operation?.operationId,
        findings,
        durationMs: Math.round(performance.now() - started),
        time,
        query: queryOf(url.search),
        headers: journalHeaders(req.rawHeaders),
        body: redacted.body,
        bodyText: redacted.text,
        response: {
          contentType: answer?.headers["content-type"] ?? "",
          bodyText: answerText.length > JOURNAL_BODY_LIMIT ? `${answerText.slice(0, JOURNAL_BODY_LIMIT)}…` : answerText,
        },
        answeredBy,
        overrideId: override?.id,
        fault: override && "fault" in override.reply ? override.reply.fault : undefined,
        note,
      });
    };

    links.track?.(label, true);
    try {
      request.body = await readBody(req);
      bodyText = request.body.toString("utf8");
      if (method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined) {
        reply = preflight(req);
        answeredBy = "front";
      } else if (links.admin && url.pathname.startsWith(ADMIN_PREFIX) && (url.pathname.length === ADMIN_PREFIX.length || url.pathname[ADMIN_PREFIX.length] === "/") && isLoopback(req.socket.remoteAddress)) {
        links.track?.(label, false);
        await links.admin(request, res);
        return;
      } else {
        reply = behaviour.before(request);
        if (reply) answeredBy = "front";
        else {
          parsed = parse();
          const found = links.overrides?.find(api, operation?.operationId, { method, path: url.pathname, query: queryOf(url.search), headers: parsed.headers, body: parsed.body });
          // A fault hits every request it matches; an answer only those the spec accepts (below).
          if (found && ("fault" in found.reply ? links.overrides!.use(found) : true)) override = found;
          const fault = override && "fault" in override.reply ? override.reply : undefined;
          if (fault?.fault === "reset") {
            links.track?.(label, false);
            answeredBy = "override";
            res.socket?.destroy();
            record(0);
            return;
          }
          if (fault?.fault === "stall") {
            links.track?.(label, false);
            answeredBy = "override";
            await stall(override!.id, fault.ms);
            record(0);
            return;
          }
          const delay = fault?.fault === "delay" ? fault.ms : override && "delayMs" in override.reply ? override.reply.delayMs : undefined;
          if (delay) await sleep(delay);
          if (fault?.fault === "unavailable") {
            answeredBy = "override";
            reply = unavailable(fault.retryAfter ?? 1);
          } else {
            reply = await viaPrism();
          }
        }
      }
    } catch (error) {
      reply = behaviour.crashed(request, `Prism did not answer (${(error as Error).message})`);
      findings = [`the mock's Prism host did not answer: ${(error as Error).message}`];
    }
    links.track?.(label, false);
    if (override && "fault" in override.reply && override.reply.fault === "truncate") sendCut(req, res, reply, override.reply.bytes);
    else send(req, res, reply);
    record(reply.status, reply);

    function parse(): ParsedRequest {
      const headers: Record<string, string> = {};
      for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers[req.rawHeaders[i]!.toLowerCase()] ??= req.rawHeaders[i + 1]!;
      return { method, pathname: url.pathname, query: url.searchParams, headers, body: tryParseJson(bodyText) };
    }

    /** Holds the request without an answer until the client leaves, `ms` passes, or the override is removed. */
    function stall(id: string, ms: number | undefined): Promise<void> {
      return new Promise<void>((resolve) => {
        const held = links.stalls?.get(id) ?? new Set<() => void>();
        links.stalls?.set(id, held);
        const end = () => {
          held.delete(end);
          if (timer) clearTimeout(timer);
          res.socket?.destroy();
          resolve();
        };
        const timer = ms === undefined ? undefined : setTimeout(end, ms);
        held.add(end);
        res.on("close", end);
      });
    }

    function unavailable(retryAfter: number): Reply {
      return { status: 503, headers: { "content-type": "text/plain; charset=utf-8", "retry-after": String(retryAfter) }, body: "503 Service Unavailable (an im-mock fault)" };
    }

    async function viaPrism(): Promise<Reply> {
      const example = override && "example" in override.reply && operation ? contract.examples(operation).get(override.reply.example) : undefined;
      const extra: Record<string, string> = example && override && "example" in override.reply ? { prefer: `code=${example.status}, example=${override.reply.example}` } : {};
      let answer: Reply & { violations?: string };
      try {
        answer = await forward(await links.upstream(), req, documented === undefined ? (req.url ?? "/") : `${url.pathname}${url.search}`, request.body, extra);
      } catch (error) {
        // Refused, or a pooled connection reset: a dead host, or Node's documented keep-alive race.
        // Either way Prism never answered; the request is sent again, once (see recover()).
        const { code, reusedSocket } = error as NodeJS.ErrnoException & { reusedSocket?: boolean };
        const deadHost = code === "ECONNREFUSED" || (code === "ECONNRESET" && reusedSocket === true);
        if (!deadHost || !(await links.recover?.())) throw error;
        answer = await forward(await links.upstream(), req, documented === undefined ? (req.url ?? "/") : `${url.pathname}${url.search}`, request.body, extra);
      }
      const violations = violationsOf(answer);
      const own = violations.filter((v) => v.location?.[0] === "request");
      if (own.length) findings = describeViolations(own).split("; ");
      const shaped = behaviour.after(request, answer, violations);
      if (example && override) {
        // Prism gave the example unless the request broke the contract (then the API's error stands).
        if (answer.status === example.status && own.length === 0 && links.overrides!.use(override)) answeredBy = "override";
        else override = undefined;
        return shaped;
      }
      // The spec accepted the request, and Prism answered it: now the mock's own answers may apply.
      const accepted = shaped === answer && answer.status >= 200 && answer.status < 300;
      if (override && "status" in override.reply && !(accepted && links.overrides!.use(override))) override = undefined;
      if (!accepted || !operation) return shaped;
      if (override && "status" in override.reply) {
        answeredBy = "override";
        return statusReply(override.reply);
      }
      // `Prefer: code=…` / `example=…` asks Prism for a given example: it wins over state and echo.
      if (req.headers["prefer"] !== undefined) return shaped;
      parsed ??= parse();
      if (room.state?.operations.has(operation.operationId)) {
        const built = room.state.answer(operation.operationId, parsed);
        if (built) {
          answeredBy = "state";
          note = built.note;
          const text = typeof built.body === "string" ? built.body : stringifyJson(built.body);
          const contentType = built.contentType ?? room.contentType;
          const broken = contract.checkAnswer(operation, built.status, contentType, text);
          if (broken.length) {
            const message = `im-mock bug: the stateful answer to ${api} ${operation.operationId} breaks the spec (${broken.join("; ")}); please report it with the request`;
            findings = [...findings, message];
            return behaviour.crashed(request, message);
          }
          return { status: built.status, headers: { "content-type": contentType }, body: text };
        }
      }
      if (room.echo && /json/.test(shaped.headers["content-type"] ?? "")) {
        const body = tryParseJson(shaped.body.toString("utf8"));
        const echoed = body === undefined ? undefined : room.echo(operation.operationId, parsed, body);
        if (echoed !== undefined) {
          const text = stringifyJson(echoed);
          // An echoed value the schema does not allow (a too-long id, say) leaves the example as it
          // was. Without a validator (ajv not installed) the echo, made of values Prism has just
          // accepted, is sent unchecked rather than failing the request.
          let fits: boolean;
          try {
            fits = contract.checkAnswer(operation, shaped.status, shaped.headers["content-type"] ?? "", text).length === 0;
          } catch (error) {
            if (!(error instanceof MockError)) throw error;
            fits = true;
          }
          if (fits) return { ...shaped, body: text };
        }
      }
      return shaped;
    }

    function statusReply(given: StatusReply): Reply {
      const { contentType, text } = statusReplyBody(contract, operation!.operationId, given);
      const headers: Record<string, string> = { "content-type": contentType };
      for (const [name, value] of Object.entries(given.headers ?? {})) headers[name.toLowerCase()] = value;
      return { status: given.status, headers, body: text };
    }
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") {
        reject(new MockError(`port ${port} on ${host} is already in use (${api} mock): stop what uses it, or choose another port with --${api}-port`));
      } else if (error.code === "EACCES") {
        reject(new MockError(`not allowed to listen on ${host}:${port} (${api} mock): choose a port above 1023 with --${api}-port`));
      } else if (error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND") {
        reject(new MockError(`cannot listen on host ${host}: it is not an address of this machine; use --host 127.0.0.1`));
      } else reject(error);
    });
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${actual}`,
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
