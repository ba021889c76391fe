// Faults a real deployment produces: a server that dies in the middle of an answer, or for good
// while a client keeps calling. The client must end every call with a typed error, never hang and
// never leave an unhandled rejection (vitest fails the run on one).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { createApiClient } from "../src/client.js";
import { ImApiError } from "../src/errors.js";
import { engines } from "./engines.js";

type Loose = { GET: (p: string, i?: object) => Promise<{ data?: unknown; response: Response }> };
const ops = { "GET /page": { operationId: "getPage", retrySafe: true }, "GET /ok": { operationId: "getOk", retrySafe: true } };

async function serve(handler: http.RequestListener) {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe.each(engines)("server faults ($engine)", ({ options }) => {
  it("turns an answer cut off mid-body into a network ImApiError", async () => {
    const { server, url } = await serve((req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      res.write('{"messages":[{"message_id":1');
      setTimeout(() => req.socket.destroy(), 20);
    });
    const client = createApiClient({ api: "test", operations: ops }, { baseUrl: url, retry: false, ...options }) as unknown as Loose;
    const error = await client.GET("/page").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImApiError);
    expect(error).toMatchObject({ kind: "network", operation: "getPage" });
    expect((error as Error).message).toMatch(/^test getPage: the connection failed while reading the response: /);
    server.close();
  });

  it("fails every call with a typed error after the server dies mid-run", async () => {
    const { server, url } = await serve((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}'));
    const client = createApiClient({ api: "test", operations: ops }, { baseUrl: url, timeoutMs: 2000, retry: { retries: 1, minDelayMs: 1, maxDelayMs: 2 }, ...options }) as unknown as Loose;
    const outcomes: string[] = [];
    for (let i = 0; i < 20; i++) {
      if (i === 10) {
        server.closeAllConnections();
        await new Promise((r) => server.close(r));
      }
      try {
        const { data } = await client.GET("/ok");
        outcomes.push(JSON.stringify(data));
      } catch (error) {
        expect(error).toBeInstanceOf(ImApiError);
        outcomes.push((error as ImApiError).kind);
      }
    }
    expect(outcomes.slice(0, 10)).toEqual(Array(10).fill('{"ok":true}'));
    expect(outcomes.slice(10)).toEqual(Array(10).fill("network"));
  });
});

describe("process lifetime", () => {
  it("lets a script exit while its keep-alive connections stay open", async () => {
    // The server asks for 60 s keep-alive; idle pooled sockets must not keep the process alive.
    const { server, url } = await serve((_req, res) => res.writeHead(200, { "content-type": "application/json", "keep-alive": "timeout=60" }).end('{"ok":true}'));
    server.keepAliveTimeout = 60_000;
    const dist = new URL("../dist/index.js", import.meta.url).href;
    const script = `const { createApiClient } = await import(${JSON.stringify(dist)});
const c = createApiClient({ api: "t", operations: {} }, { baseUrl: ${JSON.stringify(url)} });
const { data } = await c.GET("/ok");
console.log(JSON.stringify(data));`;
    const { spawn } = await import("node:child_process");
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        resolve(null);
      }, 30_000);
      child.on("exit", (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    server.closeAllConnections();
    server.close();
    expect(out.trim()).toBe('{"ok":true}');
    // null: still running after 30 s, i.e. held open by the pooled socket until killed.
    expect(code).toBe(0);
  }, 40_000);
});
