// OpenChat: read the IM config, then (with --write) send a message and sync it back. Logging in with
// the given username and password happens before every suite, so the sweep runs authenticated too.
import { expectShape } from "../expect.js";
import { expectStatus } from "../session.js";
import type { Suite } from "../suite.js";
import { ScenarioSteps } from "./steps.js";

export const openchatScenario: Suite = {
  name: "OpenChat scenario",
  enabled: (target) => target.api === "openchat" && !target.mock,
  async run(ctx) {
    const steps = new ScenarioSteps(ctx, "scenario");
    const s = steps.session;
    await steps.step("reads the IM connection config", async () => {
      const r = await s.call("GET", "/api/v1/im/config");
      expectStatus(r, 200);
      expectShape(r.body, { success: true }, "the config answer");
    });
    await steps.step("sends a message and syncs it back", async () => {
      const payload = Buffer.from(JSON.stringify({ type: 1, content: `hello from ${steps.prefix}` })).toString("base64");
      const sent = await s.call("POST", "/api/v1/im/message/send", { channelId: `${steps.prefix}_g`, channelType: 2, payload, clientMsgNo: `${steps.prefix}_m1` });
      expectStatus(sent, (status) => status < 300, "a success");
      expectStatus(await s.call("GET", "/api/v1/im/message/sync", undefined, { query: { channelId: `${steps.prefix}_g`, channelType: "2", limit: "20" } }), 200);
    }, { writes: true });
  },
};
