// Small servers the suite's own tests run against, and a way to run the CLI.
import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";

export const cli = fileURLToPath(new URL("../../bin/im-contract.js", import.meta.url));
export const repoRoot = fileURLToPath(new URL("../../../..", import.meta.url));

export interface Running {
  url: string;
  close(): Promise<void>;
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const closer = (server: http.Server) => () =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

/** A WuKongIM that drifts: /health says "fine", max_message_seq is a string, everything else is `{}`. */
export async function startDriftingServer(): Promise<Running> {
  const server = http.createServer((req, res) => {
    const route = new URL(req.url ?? "/", "http://x").pathname;
    res.setHeader("content-type", "application/json");
    if (route === "/health") return void res.end('{"status":"fine"}');
    if (route === "/channel/max_message_seq") return void res.end('{"message_seq":"12"}');
    res.end("{}");
  });
  return { url: await listen(server), close: closer(server) };
}

/** A wildfire admin API that checks no signature: every request gets HTTP 200 `{"code":0,"msg":"success"}`. */
export async function startUnsignedWildfire(): Promise<Running> {
  const server = http.createServer((req, res) => {
    req.resume();
    res.setHeader("content-type", "application/json");
    res.end('{"code":0,"msg":"success"}');
  });
  return { url: await listen(server), close: closer(server) };
}

/** Forwards every request to `upstream` and records its method and path. */
export async function startRecordingProxy(upstream: string): Promise<Running & { requests: { method: string; path: string }[] }> {
  const requests: { method: string; path: string }[] = [];
  const target = new URL(upstream);
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? "", path: new URL(req.url ?? "/", "http://x").pathname });
    const forward = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on("error", (error) => {
      res.writeHead(502);
      res.end(String(error));
    });
    req.pipe(forward);
  });
  return { url: await listen(server), requests, close: closer(server) };
}

/** A port nothing listens on: bound, read back, then closed. */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  const url = await listen(server);
  await closer(server)();
  return Number(new URL(url).port);
}

/** Runs a command to its end and returns its exit code and output. */
export function run(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, args, { cwd: options.cwd ?? repoRoot, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout, stderr })));
}
