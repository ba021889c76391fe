import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const cli = fileURLToPath(new URL("../bin/im-mock.js", import.meta.url));

/** Process ids whose parent is `pid` (the Prism children of the CLI). */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" }).split("\n").filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

interface Run {
  child: ChildProcess;
  /** stdout and stderr together, for error messages. */
  output: () => string;
  stdout: () => string;
  /** The URL line of every started API, once stdout has said `im-mock: ready` (URL lines come first on the same pipe). */
  ready: Promise<Record<string, string>>;
  exit: Promise<number | null>;
}

function run(args: string[]): Run {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let stdout = "";
  const exit = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const ready = new Promise<Record<string, string>>((resolve, reject) => {
    child.stdout!.on("data", (c: Buffer) => {
      out += c.toString();
      stdout += c.toString();
      if (/^im-mock: ready/m.test(stdout)) resolve(Object.fromEntries([...stdout.matchAll(/^(\w+)\s+(http:\/\/\S+)$/gm)].map((m) => [m[1]!, m[2]!])));
    });
    child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
    void exit.then((code) => reject(new Error(`im-mock exited with ${code}: ${out}`)));
  });
  ready.catch(() => undefined); // tests that expect a failed start await `exit` instead
  return { child, output: () => out, stdout: () => stdout, ready, exit };
}

const freePorts = ["--wukongim-port", "0", "--wildfire-port", "0", "--openchat-port", "0"];

describe("im-mock CLI", () => {
  // Ten start/stop cycles, as a release must survive; IM_MOCK_CYCLES changes the count. The first
  // cycle starts all three mocks; the others start the smallest one, since the process lifecycle
  // under test is the same and loading the two large specs ten times only costs CPU.
  const cycles = Number(process.env["IM_MOCK_CYCLES"] ?? 10);
  it(`starts the mocks on loopback, answers, and leaves no process behind after Ctrl-C (${cycles} cycles)`, async () => {
    for (let i = 0; i < cycles; i++) {
      const all = i === 0;
      const { child, ready, exit } = run(all ? freePorts : ["--api", "openchat", "--openchat-port", "0"]);
      const urls = await ready;
      expect(Object.keys(urls).sort()).toEqual(all ? ["openchat", "wildfire", "wukongim"] : ["openchat"]);
      for (const url of Object.values(urls)) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(all ? `${urls.wukongim}/health` : `${urls.openchat}/api/v1/im/health`)).status).toBe(200);
      const prisms = childrenOf(child.pid!);
      expect(prisms).toHaveLength(1); // one Prism host serves every started API
      child.kill("SIGINT");
      expect(await exit).toBe(0);
      for (const pid of prisms) expect(alive(pid)).toBe(false);
    }
  }, 600_000); // ten process start-ups; a hang is caught by `ready` rejecting when the CLI exits

  it("leaves no Prism behind even when the CLI is killed with SIGKILL", async () => {
    const { child, ready, exit } = run(freePorts);
    await ready;
    const prisms = childrenOf(child.pid!);
    expect(prisms).toHaveLength(1);
    child.kill("SIGKILL");
    await exit;
    const deadline = Date.now() + 10_000;
    while (prisms.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(prisms.filter(alive)).toEqual([]);
  }, 60_000);

  it("prints its version", async () => {
    const { exit, stdout } = run(["--version"]);
    expect(await exit).toBe(0);
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
    expect(stdout().trim()).toBe(pkg.version);
  });

  it("logs one line per request with --log: method, path, status, operation, time and findings", async () => {
    const { child, ready, exit, stdout } = run(["--api", "wukongim", "--wukongim-port", "0", "--log"]);
    const urls = await ready;
    await (await fetch(`${urls.wukongim}/health`)).arrayBuffer();
    await (await fetch(`${urls.wukongim}/message/send`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"channel_id":"g1"}' })).arrayBuffer();
    const lines = () => stdout().split("\n").filter((l) => l.startsWith("[wukongim]"));
    while (lines().length < 2) await new Promise((r) => child.stdout!.once("data", r));
    expect(lines()[0]).toMatch(/^\[wukongim\] GET \/health 200 getHealth \d+ms$/);
    expect(lines()[1]).toMatch(/^\[wukongim\] POST \/message\/send 400 sendMessage \d+ms — .*payload/);
    child.kill("SIGINT");
    expect(await exit).toBe(0);
  });

  it("fires webhooks with --wukongim-webhook and logs each delivery; without state, a send's channel is its offline recipient", async () => {
    const bodies: { event: string | null; body: unknown }[] = [];
    const receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        bodies.push({ event: new URL(req.url ?? "/", "http://r").searchParams.get("event"), body: JSON.parse(Buffer.concat(chunks).toString()) });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    const hook = `http://127.0.0.1:${(receiver.address() as net.AddressInfo).port}/hook`;
    const { child, ready, exit, stdout } = run(["--api", "wukongim", "--wukongim-port", "0", "--log", "--wukongim-webhook", hook, "--webhook-retry-pause", "10"]);
    try {
      const urls = await ready;
      const payload = Buffer.from(JSON.stringify({ type: 1, content: "hi" })).toString("base64");
      const sent = await fetch(`${urls.wukongim}/message/send`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ from_uid: "u1", channel_id: "u2", channel_type: 1, client_msg_no: "cli-1", payload }) });
      expect(sent.status).toBe(200);
      const lines = () => stdout().split("\n").filter((l) => l.includes("→ webhook"));
      while (lines().length < 2) await new Promise((r) => child.stdout!.once("data", r));
      expect(lines().sort()).toEqual([expect.stringMatching(/^\[wukongim\] → webhook msg\.notify 200 \d+ms$/), expect.stringMatching(/^\[wukongim\] → webhook msg\.offline 200 \d+ms$/)]);
      expect(bodies.find((b) => b.event === "msg.notify")?.body).toMatchObject([{ client_msg_no: "cli-1", from_uid: "u1", channel_id: "u2", channel_type: 1, payload }]);
      expect(bodies.find((b) => b.event === "msg.offline")?.body).toMatchObject({ client_msg_no: "cli-1", to_uids: ["u2"] });
    } finally {
      child.kill("SIGINT");
      receiver.close();
    }
    expect(await exit).toBe(0);
  });

  it("rejects a wildfire callback it does not know, naming the keys", async () => {
    const { exit, output } = run(["--api", "wildfire", "--wildfire-port", "0", "--wildfire-callback", "group.created=http://127.0.0.1:1/x"]);
    expect(await exit).toBe(1);
    expect(output()).toMatch(/^im-mock: unknown wildfire callback 'group\.created'; .*group\.info_update \(group\.group_info_update_callback\)/);
    const bad = run(["--api", "wildfire", "--wildfire-port", "0", "--wildfire-callback", "group.info_update"]);
    expect(await bad.exit).toBe(1);
    expect(bad.output()).toContain("--wildfire-callback takes KEY=URL");
  });

  it("rejects an unknown option with a one-line error", async () => {
    const { exit, output } = run(["--port", "1"]);
    expect(await exit).toBe(1);
    expect(output().trim().split("\n")).toHaveLength(1);
    expect(output()).toMatch(/^im-mock: Unknown option '--port'.*im-mock --help/);
  });

  it("rejects a bad port and an unknown API", async () => {
    const bad = run(["--wukongim-port", "70000"]);
    expect(await bad.exit).toBe(1);
    expect(bad.output()).toContain("--wukongim-port must be a port number from 0 to 65535, got '70000'");
    const api = run(["--api", "matrix"]);
    expect(await api.exit).toBe(1);
    expect(api.output()).toContain("unknown API 'matrix'");
  });

  it("says which port is busy and how to choose another, and leaves no Prism behind", async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const { child, exit, output } = run(["--api", "wildfire", "--wildfire-port", String(port)]);
      const pid = child.pid!;
      expect(await exit).toBe(1);
      expect(output().trim()).toBe(`im-mock: port ${port} on 127.0.0.1 is already in use (wildfire mock): stop what uses it, or choose another port with --wildfire-port`);
      expect(childrenOf(pid)).toEqual([]);
    } finally {
      blocker.close();
    }
  });
});
