import http from "node:http";
import type { AddressInfo } from "node:net";
import { MockError, findOperation, type ApiName, type LoadedSpec } from "./apis.js";
import { describeViolations, parseViolations, type Behaviour, type MockRequest, type Reply, type Violation } from "./shapes.js";

const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "host"]);

/** One request the mock answered, as `--log` prints it and `onRequest` receives it. */
export interface RequestLogEntry {
  api: ApiName;
  method: string;
  /** Path without the query string. */
  path: string;
  /** The query string with its leading `?`, or "". */
  search: string;
  status: number;
  /** The spec operation the request was routed to, when there is one. */
  operationId: string | undefined;
  /** What Prism (or the front) found wrong with the request, one message per finding. */
  findings: string[];
  durationMs: number;
  /** When the request arrived (ms since the epoch). */
  time: number;
}

/** How a front reaches Prism, and whom it tells about what it answered. */
export interface FrontLinks {
  /** The Prism server for this API; waits while the Prism host is being restarted. */
  upstream(): Promise<URL>;
  /**
   * Prism refused the connection (the request never reached it): resolves true once a new host is
   * ready if the old one has died, false if it is still alive.
   */
  recover?(): Promise<boolean>;
  /** Called once per answered request. */
  onRequest?: ((entry: RequestLogEntry) => void) | undefined;
  /** Told when a request starts and ends, so a Prism crash can name the requests it interrupted. */
  track?(label: string, active: boolean): void;
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function forward(target: URL, req: http.IncomingMessage, body: Buffer): Promise<Reply & { violations?: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
    }
    headers["content-length"] = String(body.length);
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
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

function send(req: http.IncomingMessage, res: http.ServerResponse, reply: Reply): void {
  const body = typeof reply.body === "string" ? Buffer.from(reply.body) : reply.body;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...reply.headers, ...corsHeaders(req) })) headers[name] = headerSafe(value);
  res.writeHead(reply.status, { ...headers, "content-length": String(body.length) });
  res.end(body);
}

export interface FrontServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The public face of one mock: applies the API's behaviour, forwards the rest to Prism. */
export async function startFront(api: ApiName, spec: LoadedSpec, host: string, port: number, behaviour: Behaviour, links: FrontLinks): Promise<FrontServer> {
  const server = http.createServer(async (req, res) => {
    const time = Date.now();
    const started = performance.now();
    const url = new URL(req.url ?? "/", "http://mock");
    const method = req.method ?? "GET";
    let findings: string[] = [];
    let reply: Reply;
    const request: MockRequest = { method, pathname: url.pathname, search: url.search, rawHeaders: req.rawHeaders, body: Buffer.alloc(0) };
    const label = `${method} ${url.pathname}`;
    links.track?.(label, true);
    try {
      request.body = await readBody(req);
      if (method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined) {
        reply = preflight(req);
      } else {
        reply = behaviour.before(request) ?? (await viaPrism());
      }
    } catch (error) {
      reply = behaviour.crashed(request, `Prism did not answer (${(error as Error).message})`);
      findings = [`the mock's Prism host did not answer: ${(error as Error).message}`];
    }
    links.track?.(label, false);
    send(req, res, reply);
    links.onRequest?.({
      api,
      method,
      path: url.pathname,
      search: url.search,
      status: reply.status,
      operationId: findOperation(spec, method === "HEAD" ? "GET" : method, url.pathname).operation?.operationId,
      findings,
      durationMs: Math.round(performance.now() - started),
      time,
    });

    async function viaPrism(): Promise<Reply> {
      let answer: Reply & { violations?: string };
      try {
        answer = await forward(await links.upstream(), req, request.body);
      } catch (error) {
        // Refused, or a pooled connection reset (Node's documented keep-alive race), is what a dead
        // host looks like; once a new host is up, the request is sent to it, once.
        const { code, reusedSocket } = error as NodeJS.ErrnoException & { reusedSocket?: boolean };
        const deadHost = code === "ECONNREFUSED" || (code === "ECONNRESET" && reusedSocket === true);
        if (!deadHost || !(await links.recover?.())) throw error;
        answer = await forward(await links.upstream(), req, request.body);
      }
      const violations = violationsOf(answer);
      const own = violations.filter((v) => v.location?.[0] === "request");
      if (own.length) findings = describeViolations(own).split("; ");
      return behaviour.after(request, answer, violations);
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
