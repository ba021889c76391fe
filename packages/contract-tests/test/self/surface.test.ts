// --openchat-surface: every OpenChat URL the suite builds goes to the chosen surface's path (the
// mock serves e233c52 and v3 paths as aliases), validated against the documented operation.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, inject, it } from "vitest";
import { main } from "../../src/cli.js";
import { runContract } from "../../src/run.js";
import { resolveTargets, serverUrl } from "../../src/targets.js";

const mocks = inject("contractMocks");
const servers: Server[] = [];
afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

describe("OpenChat surfaces", () => {
  it("maps document paths to each surface and keeps the query", () => {
    const [v3] = resolveTargets({ openchat: { url: "http://h:1/", token: "t", surface: "v3" } });
    expect(serverUrl(v3!, "/api/v1/im/message/sync?limit=2")).toBe("http://h:1/admin/im/v3/wukongim/message/sync?limit=2");
    expect(serverUrl(v3!, "/api/v1/auth/login")).toBe("http://h:1/im/v3/auth/login");
    const [old] = resolveTargets({ openchat: { url: "http://h:1", token: "t", surface: "e233c52" } });
    expect(serverUrl(old!, "/api/v1/im/config")).toBe("http://h:1/im/api/v1/im/config");
    const [doc] = resolveTargets({ openchat: { url: "http://h:1", token: "t" } });
    expect(serverUrl(doc!, "/api/v1/im/config")).toBe("http://h:1/api/v1/im/config");
  });

  it("sends the sweep to the v3 paths and puts the real URL in the report", async () => {
    const report = await runContract({ targets: { openchat: { url: mocks.openchat!, mock: true, surface: "v3" } }, write: true });
    expect(report.checks.filter((c) => c.outcome === "failed")).toEqual([]);
    expect(report.targets.openchat?.surface).toBe("v3");
    const sync = report.checks.find((c) => c.kind === "sweep" && c.operation === "syncMessages");
    expect(sync?.url).toMatch(/\/admin\/im\/v3\/wukongim\/message\/sync/);
    expect(sync?.status).toBe(200);
  });

  it("logs in at the surface's login path", async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      req.resume();
      req.on("end", () => res.writeHead(401, { "content-type": "application/json" }).end('{"message":"Unauthorized"}'));
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const err: string[] = [];
    const code = await main(["--openchat", url, "--openchat-surface", "e233c52", "--openchat-username", "a", "--openchat-password", "b"], { out: () => {}, err: (s) => err.push(s), env: {} });
    expect(code).toBe(2);
    expect(seen).toContain("POST /im/api/v1/auth/login");
  });

  it("exits 2 on an unknown surface, listing the accepted ones", async () => {
    const err: string[] = [];
    const io = { out: () => {}, err: (s: string) => err.push(s), env: {} };
    expect(await main(["--openchat", "http://127.0.0.1:1", "--openchat-token", "t", "--openchat-surface", "v2"], io)).toBe(2);
    expect(err.join("\n")).toContain("--openchat-surface must be one of document, e233c52, v3, got 'v2'");
    expect(await main(["--openchat", "http://127.0.0.1:1", "--openchat-token", "t"], { ...io, env: { OPENCHAT_SURFACE: "nope" } })).toBe(2);
    expect(err.join("\n")).toContain("got 'nope'");
  });
});
