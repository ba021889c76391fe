import http from "node:http";
import type { AddressInfo } from "node:net";

export interface Recorded {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type Responder = (req: Recorded, attempt: number) => { status: number; headers?: Record<string, string>; body?: string };

/** A loopback HTTP server answering from a per-path script and recording every request. */
export async function startLocalServer(routes: Record<string, Responder>) {
  const requests: Recorded[] = [];
  const attempts = new Map<string, number>();
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      const recorded: Recorded = { method: req.method ?? "", path, headers: req.headers, body };
      requests.push(recorded);
      const n = (attempts.get(path) ?? 0) + 1;
      attempts.set(path, n);
      const route = routes[`${req.method} ${path}`];
      if (!route) return void res.writeHead(404, { "content-type": "text/plain" }).end("404 page not found");
      const answer = route(recorded, n);
      res.writeHead(answer.status, answer.headers ?? { "content-type": "application/json; charset=utf-8" }).end(answer.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    attempts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
