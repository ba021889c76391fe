// The stateful mode as a whole: an answer the state builds is checked against the spec before it
// leaves (a broken one is the API's 500 naming the bug, never a silent wrong answer), and
// `im-mock --stateful` keeps state that the admin API shows and resets.
import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadSpec } from "../src/apis.js";
import { Contract } from "../src/contract.js";
import { startFront } from "../src/front.js";
import type { StateAnswer } from "../src/room.js";
import { keepViolations } from "../src/shapes.js";
import { wukongimBehaviour } from "../src/wukongim/behaviour.js";

describe("answers from the state", () => {
  it("are checked against the spec: one that breaks it is the API's 500 naming the bug", async () => {
    // A stand-in for Prism that accepts every request.
    const prism = http.createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}'));
    await new Promise<void>((r) => prism.listen(0, "127.0.0.1", r));
    const spec = loadSpec("wukongim");
    const front = await startFront(
      "wukongim",
      spec,
      "127.0.0.1",
      0,
      {
        behaviour: keepViolations(wukongimBehaviour(spec, { wukongimVersion: spec.version, wildfireEdition: "pro", wildfireSecret: "x", wildfireCheckTime: true })),
        contentType: "application/json",
        // A state with a bug: the health answer's `status` must be "ok" or "error".
        state: { operations: new Set(["getHealth", "getRoute"]), answer: (id): StateAnswer => (id === "getHealth" ? { status: 200, body: { status: 7 } } : { status: 200, body: { tcp_addr: "127.0.0.1:5100", ws_addr: "ws://127.0.0.1:5200", wss_addr: "" } }) },
      },
      { upstream: async () => new URL(`http://127.0.0.1:${(prism.address() as AddressInfo).port}`), contract: new Contract(spec) },
    );
    try {
      const broken = await fetch(`${front.url}/health`);
      expect(broken.status).toBe(500);
      const body = (await broken.json()) as { msg: string; status: number };
      expect(body.status).toBe(500);
      expect(body.msg).toMatch(/^im-mock bug: the stateful answer to wukongim getHealth breaks the spec \(\/status: .*\); please report it/);
      const fine = await fetch(`${front.url}/route`);
      expect([fine.status, await fine.json()]).toEqual([200, { tcp_addr: "127.0.0.1:5100", ws_addr: "ws://127.0.0.1:5200", wss_addr: "" }]);
    } finally {
      await front.close();
      prism.close();
    }
  });
});

describe("im-mock --stateful", () => {
  it("keeps state across requests, logs what the state did, shows it on the admin API and empties it on reset", async () => {
    const cli = fileURLToPath(new URL("../bin/im-mock.js", import.meta.url));
    const child = spawn(process.execPath, [cli, "--api", "wukongim", "--wukongim-port", "0", "--stateful", "--log"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const exit = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (c: Buffer) => {
          out += c.toString();
          const found = /^wukongim\s+(http:\/\/\S+)$/m.exec(out);
          if (/^im-mock: ready/m.test(out) && found) resolve(found[1]!);
        });
        child.stderr.on("data", (c: Buffer) => (out += c.toString()));
        void exit.then((code) => reject(new Error(`im-mock exited with ${code}: ${out}`)));
      });
      const post = (path: string, body: unknown) => fetch(`${url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then((r) => r.json());
      await post("/channel", { channel_id: "g1", channel_type: 2, subscribers: ["u1"] });
      await post("/message/send", { from_uid: "u1", channel_id: "g1", channel_type: 2, payload: Buffer.from("hi").toString("base64") });
      const max = () => fetch(`${url}/channel/max_message_seq?channel_id=g1&channel_type=2`).then((r) => r.json());
      expect(await max()).toEqual({ message_seq: 1 });
      // --log says who answered, and why a send the server would drop was not stored.
      await post("/message/send", { from_uid: "stranger", channel_id: "g1", channel_type: 2, payload: Buffer.from("hi").toString("base64") });
      while (!/stranger is not a subscriber/.test(out)) await new Promise((r) => child.stdout.once("data", r));
      expect(out).toMatch(/^\[wukongim\] POST \/message\/send 200 sendMessage \d+ms \[state\]$/m);
      expect(out).toMatch(/^\[wukongim\] POST \/message\/send 200 sendMessage \d+ms \[state\] — not stored: stranger is not a subscriber of g1 \(reason SubscriberNotExist\)/m);
      expect(await (await fetch(`${url}/__im-mock/state`)).json()).toEqual({ wukongim: { users: 0, channels: 1, messages: 1, conversations: 1 } });
      expect((await fetch(`${url}/__im-mock/reset`, { method: "POST" })).status).toBe(200);
      expect(await max()).toEqual({ message_seq: 0 });
    } finally {
      child.kill("SIGINT");
      expect(await exit).toBe(0);
    }
  }, 120_000);
});
