import http from "node:http";
import type { AddressInfo } from "node:net";
import { MockError, type ApiName } from "./apis.js";
import { parseViolations, type Behaviour, type MockRequest, type Reply, type Violation } from "./shapes.js";

const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "host"]);

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
    upstream.on("error", reject);
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

function send(res: http.ServerResponse, reply: Reply): void {
  const body = typeof reply.body === "string" ? Buffer.from(reply.body) : reply.body;
  res.writeHead(reply.status, { ...reply.headers, "content-length": String(body.length) });
  res.end(body);
}

export interface FrontServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The public face of one mock: applies the API's behaviour, forwards the rest to Prism. */
export async function startFront(api: ApiName, host: string, port: number, prismUrl: string, behaviour: Behaviour): Promise<FrontServer> {
  const target = new URL(prismUrl);
  const server = http.createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      const url = new URL(req.url ?? "/", "http://mock");
      const request: MockRequest = { method: req.method ?? "GET", pathname: url.pathname, search: url.search, rawHeaders: req.rawHeaders, body };
      const early = behaviour.before(request);
      if (early) return send(res, early);
      const reply = await forward(target, req, body);
      send(res, behaviour.after(request, reply, violationsOf(reply)));
    } catch (error) {
      send(res, { status: 502, headers: { "content-type": "text/plain" }, body: `im-mock ${api}: Prism did not answer (${(error as Error).message})` });
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
