// The mock under conditions a user's CI creates: many mocks starting at once, a Prism host that
// dies, request bytes Prism chokes on, and browsers calling from another origin.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMocks, type RunningMocks } from "../src/index.js";

describe("many mocks at once", () => {
  it("starts 8 mocks concurrently in one process, each on its own ports", async () => {
    const all = await Promise.all(Array.from({ length: 8 }, () => startMocks({ apis: ["openchat"] })));
    try {
      expect(new Set(all.map((m) => m.urls.openchat)).size).toBe(8);
      for (const m of all) expect((await fetch(`${m.urls.openchat}/api/v1/im/health`)).status).toBe(200);
    } finally {
      await Promise.all(all.map((m) => m.stop()));
    }
  }, 300_000);

  it("starts 8 mocks concurrently in 8 processes", async () => {
    const index = new URL("../dist/index.js", import.meta.url).href;
    const script = `const { startMocks } = await import(${JSON.stringify(index)});
      const m = await startMocks({ apis: ["openchat"] });
      const r = await fetch(m.urls.openchat + "/api/v1/im/health");
      console.log("status " + r.status);
      await m.stop();`;
    const runs = Array.from(
      { length: 8 },
      () =>
        new Promise<string>((resolve) => {
          const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "pipe"] });
          let out = "";
          child.stdout.on("data", (c: Buffer) => (out += c.toString()));
          child.stderr.on("data", (c: Buffer) => (out += c.toString()));
          child.once("exit", (code) => resolve(`exit ${code}: ${out.trim()}`));
        }),
    );
    const results = await Promise.all(runs);
    expect(results).toEqual(Array.from({ length: 8 }, () => "exit 0: status 200"));
  }, 300_000);
});

describe("a mock that cannot be killed", () => {
  let mocks: RunningMocks<"wukongim" | "wildfire" | "openchat">;
  const warnings: string[] = [];
  beforeAll(async () => {
    mocks = await startMocks({ onWarning: (m) => warnings.push(m) });
  });
  afterAll(() => mocks.stop());

  it("keeps Prism alive when a field name holds characters a header cannot carry", async () => {
    const response = await fetch(`${mocks.urls.wukongim}/message/send`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ from_uid: "a", channel_id: "g", channel_type: 2, payload: "aGk=", "渠\u0001道": 1 }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { msg: string }).msg).toContain("渠\u0001道");
    expect(mocks.restarts).toBe(0);
    expect(warnings).toEqual([]);
  });

  it("restarts a Prism host that was killed and answers the next request correctly", async () => {
    const [pid] = mocks.pids;
    process.kill(pid!, "SIGKILL");
    // The next request finds the host gone (connection refused), waits for the new one, and is answered.
    const response = await fetch(`${mocks.urls.wukongim}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
    expect(mocks.restarts).toBe(1);
    expect(mocks.pids[0]).not.toBe(pid);
    expect(warnings.join("\n")).toMatch(/Prism host exited \(SIGKILL\).*restarting/);
  });
});

describe("CORS", () => {
  let mocks: RunningMocks<"wukongim" | "wildfire" | "openchat">;
  beforeAll(async () => {
    mocks = await startMocks();
  });
  afterAll(() => mocks.stop());
  const origin = "http://app.example.test";

  it("answers preflights for every API, allowing the headers the clients send", async () => {
    const cases = [
      [mocks.urls.wukongim, "/message/send", "content-type"],
      [mocks.urls.wildfire, "/admin/user/get_info", "content-type,nonce,timestamp,sign"],
      [mocks.urls.openchat, "/api/v1/im/message/send", "authorization,content-type"],
    ] as const;
    for (const [base, path, headers] of cases) {
      const response = await fetch(`${base}${path}`, { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": headers } });
      expect(response.status).toBe(204);
      expect(response.headers.get("access-control-allow-origin")).toBe(origin);
      expect(response.headers.get("access-control-allow-methods")).toContain("POST");
      expect(response.headers.get("access-control-allow-headers")).toBe(headers);
    }
  });

  it("puts CORS headers on the mock's own error answers", async () => {
    const timestamp = String(Date.now());
    const answers = await Promise.all([
      fetch(`${mocks.urls.wukongim}/message/send`, { method: "POST", headers: { origin, "content-type": "application/json" }, body: "{}" }),
      fetch(`${mocks.urls.wukongim}/no/such/route`, { headers: { origin } }),
      fetch(`${mocks.urls.openchat}/api/v1/im/config`, { headers: { origin } }),
      fetch(`${mocks.urls.wildfire}/admin/user/get_info`, { method: "POST", headers: { origin, "content-type": "application/json", nonce: "1", timestamp, sign: createHash("sha1").update(`1|wrong|${timestamp}`).digest("hex") }, body: '{"userId":"u1"}' }),
    ]);
    expect(answers.map((r) => r.status)).toEqual([400, 404, 401, 200]);
    for (const r of answers) {
      expect(r.headers.get("access-control-allow-origin")).toBe(origin);
      expect(r.headers.get("access-control-expose-headers")).toContain("sl-violations");
    }
    expect(await answers[3]!.json()).toMatchObject({ code: 244 });
  });
});
