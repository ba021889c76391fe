// --webhook-receiver: a correct receiver (the wukongim package's typed handler) passes; receivers
// that answer 201, or 200 to garbage, fail with those failures named.
import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { createWukongimWebhookHandler, toNodeListener } from "../../../wukongim/dist/webhooks.js";
import { createWildfireCallbackHandler, toNodeListener as toWildfireListener } from "../../../wildfire/dist/webhooks.js";
import { createOpenchatWebhookHandler, toNodeListener as toOpenchatListener } from "../../../openchat/dist/webhooks.js";
import { main } from "../../src/cli.js";
import type { ContractReport } from "../../src/report.js";
import { runContract } from "../../src/run.js";

const servers: Server[] = [];
async function listen(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
}
afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

const failed = (report: ContractReport) => report.checks.filter((c) => c.outcome === "failed");
const check = (url: string) => runContract({ targets: {}, webhook: { api: "wukongim", url } });

describe("webhook receiver checks", () => {
  it("passes a correct receiver and sends every example event with ?event=", async () => {
    const seen: string[] = [];
    const url = await listen(toNodeListener(createWukongimWebhookHandler((event) => void seen.push(event.event))));
    const report = await check(url);
    expect(failed(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.webhook).toEqual({ api: "wukongim", url });
    expect(new Set(seen)).toEqual(new Set(["msg.notify", "msg.offline", "user.onlinestatus"]));
    const names = report.checks.map((c) => c.name);
    expect(names).toContain("webhook msg.notify rejects a body that is not JSON");
    expect(names).toContain("webhook user.onlinestatus rejects a body the schema rejects");
    expect(report.checks.find((c) => c.operation === "datasource.getSystemUIDs")?.outcome).toBe("skipped");
  });

  it("fails a receiver that answers 201 (NestJS's default for POST), naming each delivery", async () => {
    const url = await listen((req, res) => {
      req.resume();
      req.on("end", () => res.writeHead(201).end());
    });
    const report = await check(url);
    expect(report.ok).toBe(false);
    const msgNotify = failed(report).find((c) => c.name.startsWith("webhook msg.notify (example"));
    expect(msgNotify?.actual).toBe("HTTP 201");
    expect(msgNotify?.path).toBe(`${url}?event=msg.notify`);
  });

  it("fails a receiver that answers 200 to garbage, and the command exits 1 naming it", async () => {
    const url = await listen((req, res) => {
      req.resume();
      req.on("end", () => res.writeHead(200).end());
    });
    const report = await check(url);
    const names = failed(report).map((c) => c.name);
    expect(names).toContain("webhook msg.notify rejects a body that is not JSON");
    expect(names).toContain("webhook msg.offline rejects a body the schema rejects");
    expect(names.some((n) => n.includes("(example"))).toBe(false);

    const out: string[] = [];
    const err: string[] = [];
    const dir = await import("node:fs").then((fs) => fs.mkdtempSync(`${(globalThis.process.env["TMPDIR"] ?? "/tmp")}/im-contract-webhook-`));
    const code = await main(["--webhook-receiver", url, "--webhook-api", "wukongim", "--report", dir], { out: (s) => out.push(s), err: (s) => err.push(s), env: {} });
    expect(code).toBe(1);
    expect(out.join("\n")).toContain("rejects a body that is not JSON: expected a 4xx answer");
  });

  it("exits 2 on a bad --webhook-api or a receiver without one", async () => {
    const err: string[] = [];
    const io = { out: () => {}, err: (s: string) => err.push(s), env: {} };
    expect(await main(["--webhook-receiver", "http://127.0.0.1:1/x", "--webhook-api", "nope"], io)).toBe(2);
    expect(err.join("\n")).toContain("one of wukongim, wildfire, openchat");
    expect(await main(["--webhook-receiver", "http://127.0.0.1:1/x"], io)).toBe(2);
    expect(err.join("\n")).toContain("--webhook-receiver needs --webhook-api");
  });
});

describe("wildfire callback receiver checks", () => {
  const checkWildfire = (url: string) => runContract({ targets: {}, webhook: { api: "wildfire", url } });

  it("passes the typed callback handler, every callback sent to <url>/<callback name>", async () => {
    const seen: string[] = [];
    const handler = createWildfireCallbackHandler({
      "user.online_status": (event) => void seen.push(event.event),
      "message.censor": () => ({ action: "reject" }),
    });
    const url = await listen(toWildfireListener(handler));
    const report = await checkWildfire(url);
    expect(failed(report)).toEqual([]);
    expect(seen).toContain("user.online_status");
    const censor = report.checks.find((c) => c.name.startsWith("webhook message.censor (example"));
    expect(censor?.status).toBe(403);
    expect(censor?.path).toBe(`${url}/message.censor`);
  });

  it("fails a censor that answers 500 and a receiver that takes garbage", async () => {
    const url = await listen((req, res) => {
      req.resume();
      req.on("end", () => res.writeHead(req.url?.endsWith("message.censor") ? 500 : 200).end());
    });
    const report = await checkWildfire(url);
    const names = failed(report).map((c) => c.name);
    expect(names.some((n) => n.startsWith("webhook message.censor (example"))).toBe(true);
    expect(names).toContain("webhook user.online_status rejects a body that is not JSON");
    expect(names.some((n) => n.startsWith("webhook user.online_status (example"))).toBe(false);
  });
});

describe("OpenChat receiver checks", () => {
  const checkOpenchat = (url: string) => runContract({ targets: {}, webhook: { api: "openchat", url } });

  it("passes the typed OpenChat receiver (201 {success:true}) and fails one that takes garbage", async () => {
    const seen: string[] = [];
    const good = await listen(toOpenchatListener(createOpenchatWebhookHandler((event) => void seen.push(event.event))));
    const report = await checkOpenchat(good);
    expect(failed(report)).toEqual([]);
    expect(seen).toContain("connect");
    expect(report.checks.find((c) => c.name.startsWith("webhook message (example"))?.status).toBe(201);

    const lax = await listen((req, res) => {
      req.resume();
      req.on("end", () => res.writeHead(201, { "content-type": "application/json" }).end('{"success":true}'));
    });
    const names = failed(await checkOpenchat(lax)).map((c) => c.name);
    expect(names).toContain("webhook connect rejects a body that is not JSON");
    expect(names).toContain("webhook message rejects a body the schema rejects");
    expect(names.some((n) => n.includes("(example"))).toBe(false);
  });
});
