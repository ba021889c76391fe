// The property-based mode and the missing-route judgement, against small servers whose faults are
// known: the fuzzer must find each fault, shrink the request to the smallest that shows it, replay it
// from the seed, and tell a missing route and a crashed handler from an answer.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { runContract } from "../../src/run.js";
import type { ContractReport } from "../../src/report.js";

interface Fake {
  url: string;
  /** Requests the fake received, as `METHOD /path`. */
  seen: string[];
  close(): Promise<void>;
}
const fakes: Fake[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

/** A server whose handler gets the parsed JSON body (undefined when there is none). */
async function fake(handler: (method: string, path: string, body: unknown, res: http.ServerResponse, server: http.Server) => void): Promise<Fake> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString()));
    req.on("end", () => {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      seen.push(`${req.method} ${path}`);
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = undefined;
      }
      handler(req.method ?? "GET", path, body, res, server);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const f: Fake = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  fakes.push(f);
  return f;
}

const json = (res: http.ServerResponse, status: number, value: unknown) => {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(value));
};

/** A WuKongIM whose denylist add breaks its contract for channel types above 100 and answers everything else as it should. */
async function wukongimBreakingAbove100(): Promise<Fake> {
  return fake((method, path, body, res) => {
    if (path === "/health") return json(res, 200, { status: "ok" });
    if (method === "POST" && path === "/channel/blacklist_add") {
      const b = (body ?? {}) as { channel_type?: unknown; channel_id?: unknown; uids?: unknown };
      const valid = typeof b.channel_id === "string" && b.channel_id !== "" && typeof b.channel_type === "number" && b.channel_type >= 1 && Array.isArray(b.uids) && b.uids.length > 0;
      if (!valid) return json(res, 400, { msg: "数据格式有误！", status: 400 });
      return json(res, 200, { status: (b.channel_type as number) > 100 ? "broken" : 200 });
    }
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("404 page not found");
  });
}

const fuzzCheck = (report: ContractReport, operation: string) => report.checks.find((c) => c.kind === "fuzz" && c.operation === operation)!;

describe("im-contract --fuzz", () => {
  it("finds a request the server answers against the contract and shrinks it to the smallest one", async () => {
    const server = await wukongimBreakingAbove100();
    const report = await runContract({ targets: { wukongim: { url: server.url } }, write: true, operations: ["addChannelDenylist"], fuzz: { runs: 200, seconds: 60, seed: 42 } });
    expect(report.ok).toBe(false);
    expect(report.mode.fuzz).toEqual({ seed: 42, runs: 200, seconds: 60 });
    const check = fuzzCheck(report, "addChannelDenylist");
    expect(check.outcome).toBe("failed");
    expect(check.violations).toContainEqual(expect.objectContaining({ direction: "response", at: "/status", actual: '"broken"' }));
    const minimal = check.fuzz!.counterexample!;
    expect(minimal.valid).toBe(true);
    const body = JSON.parse(minimal.body!) as { channel_id: string; channel_type: number; uids: string[] };
    // Shrunk: the smallest channel type that breaks, one uid, and the ids as short as the run prefix allows.
    expect(body.channel_type).toBe(101);
    expect(body.uids).toHaveLength(1);
    expect(body.channel_id.startsWith(`${report.runPrefix}_`)).toBe(true);
    expect(check.expected).toContain("minimal failing request (a request the spec allows): POST /channel/blacklist_add {");
    expect(check.fuzz!.shrinks).toBeGreaterThan(0);
  }, 120_000);

  it("draws the same requests again from the same seed", async () => {
    const server = await wukongimBreakingAbove100();
    const once = () => runContract({ targets: { wukongim: { url: server.url } }, write: true, operations: ["addChannelDenylist"], fuzz: { runs: 200, seconds: 120, seed: 7 } });
    const [a, b] = [await once(), await once()];
    const [ca, cb] = [fuzzCheck(a, "addChannelDenylist").fuzz!, fuzzCheck(b, "addChannelDenylist").fuzz!];
    expect(ca.seed).toBe(cb.seed);
    expect({ runs: ca.runs, valid: ca.valid, invalid: ca.invalid }).toEqual({ runs: cb.runs, valid: cb.valid, invalid: cb.invalid });
    // The ids carry each run's own prefix; apart from it the minimal request is the same.
    const strip = (text: string | undefined, prefix: string) => text?.split(prefix).join("<prefix>");
    expect(strip(ca.counterexample?.body, a.runPrefix)).toBe(strip(cb.counterexample?.body, b.runPrefix));
  }, 180_000);

  it("names a request after which the server stopped answering, and skips the rest", async () => {
    const server = await fake((method, path, body, res, srv) => {
      if (path === "/health") return json(res, 200, { status: "ok" });
      const uids = (body as { uids?: unknown } | undefined)?.uids;
      if (path === "/channel/blacklist_add" && Array.isArray(uids) && uids.length >= 3) {
        // The process dies: the connection is cut and nothing listens any more.
        srv.close();
        srv.closeAllConnections();
        return;
      }
      json(res, 200, { status: 200 });
    });
    const report = await runContract({ targets: { wukongim: { url: server.url } }, write: true, operations: ["addChannelDenylist", "setChannelDenylist"], fuzz: { runs: 300, seconds: 60, seed: 3 } });
    const crashed = fuzzCheck(report, "addChannelDenylist");
    expect(crashed.outcome).toBe("failed");
    expect(crashed.actual).toMatch(/^no answer \(.*\), and the server stopped answering: the request crashed it$/);
    expect((JSON.parse(crashed.fuzz!.counterexample!.body!) as { uids: string[] }).uids.length).toBeGreaterThanOrEqual(3);
    const after = fuzzCheck(report, "setChannelDenylist");
    expect(after).toMatchObject({ outcome: "skipped", note: "the server stopped answering while addChannelDenylist was fuzzed" });
  }, 120_000);

  it("stays read-only without --write and within its request count", async () => {
    const server = await wukongimBreakingAbove100();
    const report = await runContract({ targets: { wukongim: { url: server.url } }, operations: ["addChannelDenylist", "getHealth"], fuzz: { runs: 5, seconds: 60, seed: 1 } });
    expect(fuzzCheck(report, "addChannelDenylist")).toMatchObject({ outcome: "skipped", note: expect.stringContaining("changes server state") });
    expect(server.seen.filter((s) => s === "POST /channel/blacklist_add")).toEqual([]);
    const health = fuzzCheck(report, "getHealth");
    expect(health.fuzz!.runs).toBe(5);
    // One sweep request, five fuzz requests, and the preflight's.
    expect(server.seen.filter((s) => s === "GET /health").length).toBe(1 + 5 + 1);
  }, 60_000);

  it("refuses bad fuzz options with exit 2 and one line", async () => {
    const server = await wukongimBreakingAbove100();
    const cases: [string[], RegExp][] = [
      [["--wukongim", server.url, "--seed", "5"], /--seed needs --fuzz/],
      [["--wukongim", server.url, "--fuzz", "--fuzz-runs", "0"], /--fuzz-runs needs a whole number of at least 1, got '0'/],
      [["--wukongim", server.url, "--fuzz", "--fuzz-seconds", "soon"], /--fuzz-seconds needs a number of seconds above 0, got 'soon'/],
      [["--wukongim", server.url, "--fuzz", "--seed", "-1"], /--seed needs a value|--seed needs a whole number/],
      [["--wukongim", server.url, "--only", "noSuchOperation"], /no operation 'noSuchOperation' in the wukongim spec/],
    ];
    for (const [args, message] of cases) {
      const err: string[] = [];
      const code = await main(args, { out: () => undefined, err: (s) => err.push(s), env: {} });
      expect({ args, code, lines: err.length }).toEqual({ args, code: 2, lines: 1 });
      expect(err[0]).toMatch(message);
    }
  }, 60_000);
});

describe("a missing route is never a pass", () => {
  it("fails a WuKongIM route the declared version has that answers 404 page not found", async () => {
    const server = await fake((_method, path, _body, res) => {
      if (path === "/health") return json(res, 200, { status: "ok" });
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("404 page not found");
    });
    // --write: /stream/open is a write, sent only then.
    const report = await runContract({ targets: { wukongim: { url: server.url } }, write: true, operations: ["getChannelMaxMessageSeq", "openStream"] });
    const present = report.checks.find((c) => c.operation === "getChannelMaxMessageSeq")!;
    expect(present.outcome).toBe("failed");
    expect(present.expected).toContain("which means the route is absent");
    // /stream/open was removed in 2.2.4: there the same answer is the expected one.
    expect(report.checks.find((c) => c.operation === "openStream")!.outcome).toBe("passed");
    expect(report.coverage.wukongim!.find((r) => r.operation === "openStream")!.absent).toMatch(/removed in 2\.2\.4/);
  }, 60_000);

  it("tells wildfire's empty 500 (no such route) from its 500 with exception text (a crashed handler)", async () => {
    const crashText = "java.lang.NullPointerException: Cannot invoke \"cn.wildfirechat.pojos.InputGetUserInfo.getUserId()\" because \"input\" is null";
    const server = await fake((_method, path, _body, res) => {
      if (path === "/admin/health") return json(res, 200, { code: 0, msg: "success" });
      res.writeHead(500, { "content-type": "application/json;charset=utf-8" });
      res.end(path === "/admin/user/get_info" || path === "/admin/conference/list" ? crashText : "");
    });
    const report = await runContract({ targets: { wildfire: { url: server.url, edition: "community" } }, operations: ["getUserInfo", "getGroupInfo", "listConferences", "getDevice"] });
    const byOp = (id: string) => report.checks.find((c) => c.operation === id)!;
    expect(byOp("getUserInfo")).toMatchObject({ outcome: "failed", expected: expect.stringContaining("no crash on a request the spec allows") });
    expect(byOp("getGroupInfo")).toMatchObject({ outcome: "failed", expected: expect.stringContaining("which means the route is absent") });
    // Pro routes on a community server: the empty 500 passes, a crash text does not.
    expect(byOp("getDevice").outcome).toBe("passed");
    expect(byOp("listConferences")).toMatchObject({ outcome: "failed", expected: expect.stringContaining("as for a missing route (pro edition only") });
    // The spec declares these bodies text/plain with `x-sent-as: application/json;charset=utf-8`,
    // the label wildfire really puts on them: the label itself is no violation.
    const labels = report.checks.flatMap((c) => c.violations).filter((v) => JSON.stringify(v).includes("content-type"));
    expect(labels).toEqual([]);
  }, 60_000);
});

describe("success-path coverage with --write", () => {
  it("sends each example with the run's own ids and the ids the server handed out, creators first", async () => {
    const bodies: { path: string; text: string }[] = [];
    const messageId = "2128905862754766848"; // above 2^53: must come back exactly
    const server = http.createServer((req, res) => {
      let text = "";
      req.on("data", (c: Buffer) => (text += c.toString()));
      req.on("end", () => {
        const path = new URL(req.url ?? "/", "http://x").pathname;
        bodies.push({ path, text });
        res.writeHead(200, { "content-type": "application/json" });
        if (path === "/health") return void res.end('{"status":"ok"}');
        if (path === "/message/send") return void res.end(`{"status":200,"data":{"message_id":${messageId},"client_msg_no":"m1"}}`);
        if (path === "/message") return void res.end(`{"status":404}`);
        res.end('{"status":200}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    fakes.push({ url: "", seen: [], close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const report = await runContract({ targets: { wukongim: { url } }, write: true, operations: ["getMessage", "sendMessage", "deleteChannel"] });
    const fixtureCalls = bodies.slice(bodies.length - 3);
    // Creators first, removers last, whatever the spec's order.
    expect(fixtureCalls.map((b) => b.path)).toEqual(["/message/send", "/message", "/channel/delete"]);
    const send = JSON.parse(fixtureCalls[0]!.text) as { from_uid: string; channel_id: string };
    expect(send.from_uid).toBe(`${report.runPrefix}_fx_user123`);
    expect(send.channel_id).toBe(`${report.runPrefix}_fx_group123`);
    expect(fixtureCalls[1]!.text).toContain(`"message_id":${messageId}`);
    const coverage = report.coverage.wukongim!;
    expect(coverage.find((r) => r.operation === "sendMessage")).toMatchObject({ success: true });
    // The fake answers {"status":404}: seen, but not a success.
    expect(coverage.find((r) => r.operation === "getMessage")).toMatchObject({ success: false, statuses: { "200": 2 } });
    expect(report.checks.filter((c) => c.kind === "fixture").map((c) => c.operation)).toEqual(["sendMessage", "getMessage", "deleteChannel"]);
  }, 60_000);
});
