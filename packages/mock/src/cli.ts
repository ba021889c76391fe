#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { ADMIN_PREFIX, API_NAMES, DEFAULT_PORTS, MockError, formatLogEntry, startMocks, type ApiName } from "./index.js";

const VERSION = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;

const USAGE = `Usage: im-mock [options]

Starts mock servers for the WuKongIM, wildfire admin and OpenChat IM APIs on loopback, at the real
servers' default ports, and keeps them up until Ctrl-C.

Options:
  --api <names>              comma-separated APIs to start (default: ${API_NAMES.join(",")})
  --host <address>           address to listen on (default: 127.0.0.1; 0.0.0.0 exposes the mocks)
  --wukongim-port <port>     default ${DEFAULT_PORTS.wukongim}
  --wildfire-port <port>     default ${DEFAULT_PORTS.wildfire}
  --openchat-port <port>     default ${DEFAULT_PORTS.openchat}
  --wildfire-secret <secret> admin secret for signature checks (default: 123456)
  --wildfire-edition <name>  community | pro (default: pro; community answers pro routes with 500)
  --wukongim-version <ver>   WuKongIM version to emulate (default: the spec's, 2.2.5-20260422)
  --dynamic                  generate responses from schemas instead of examples
  --stateful                 keep state in memory, as the servers do: users, channels, groups and
                             messages created or sent are found by later calls (the README lists
                             the routes); the admin API's POST ${ADMIN_PREFIX}/reset empties it
  --wukongim-webhook <url>   WuKongIM's webhook.httpAddr: after each send the mock posts msg.notify
                             (batched, retried 1 s apart while the receiver answers anything but
                             200) and msg.offline to <url>?event=<name>
  --wildfire-callback <key=url>  a wildfire callback, by config key or event name (repeatable), e.g.
                             group.group_info_update_callback=http://127.0.0.1:8090/group; group
                             and user changes and sends are posted once, unsigned
  --webhook-retry-pause <ms> pause before a failed msg.notify batch is sent again (default 1000)
  --log                      print one line per request on stdout:
                             [api] METHOD /path status operationId time — what was wrong with it
  -v, --version              print the version and exit
  -h, --help                 show this help

Browsers may call the mocks: every answer carries CORS headers and preflights are answered.

Admin API (answers loopback callers only), on every mock's port under ${ADMIN_PREFIX}:
  GET    ${ADMIN_PREFIX}/requests?operation=sendMessage   the requests answered (the journal)
  GET    ${ADMIN_PREFIX}/requests/wait?operation=…&count=1&timeout_ms=5000
  POST   ${ADMIN_PREFIX}/overrides  {"operation":"sendMessage","times":1,"reply":{"fault":"unavailable","retryAfter":1}}
  POST   ${ADMIN_PREFIX}/webhooks   {"event":"msg.offline"}  post an event now (body: the spec's example)
  POST   ${ADMIN_PREFIX}/reset      forget requests and overrides, and empty the state
  GET    ${ADMIN_PREFIX}            every admin route`;

function port(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 0 || n > 65535) throw new MockError(`--${name} must be a port number from 0 to 65535, got '${value}'`);
  return n;
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        api: { type: "string" },
        host: { type: "string" },
        "wukongim-port": { type: "string" },
        "wildfire-port": { type: "string" },
        "openchat-port": { type: "string" },
        "wildfire-secret": { type: "string" },
        "wildfire-edition": { type: "string" },
        "wukongim-version": { type: "string" },
        dynamic: { type: "boolean" },
        stateful: { type: "boolean" },
        log: { type: "boolean" },
        "wukongim-webhook": { type: "string" },
        "wildfire-callback": { type: "string", multiple: true },
        "webhook-retry-pause": { type: "string" },
        version: { type: "boolean", short: "v" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new MockError(`${(error as Error).message}. Run im-mock --help for the options.`);
  }
  const v = parsed.values;
  if (v.help) {
    console.log(USAGE);
    return;
  }
  if (v.version) {
    console.log(VERSION);
    return;
  }
  const apis = (v.api ?? API_NAMES.join(",")).split(",").map((s) => s.trim()).filter(Boolean);
  for (const api of apis) {
    if (!(API_NAMES as readonly string[]).includes(api)) throw new MockError(`--api: unknown API '${api}'; choose from ${API_NAMES.join(", ")}`);
  }
  if (v["wildfire-edition"] !== undefined && !["community", "pro"].includes(v["wildfire-edition"])) {
    throw new MockError(`--wildfire-edition must be community or pro, got '${v["wildfire-edition"]}'`);
  }
  const host = v.host ?? "127.0.0.1";
  const callbacks: Record<string, string> = {};
  for (const given of v["wildfire-callback"] ?? []) {
    const at = given.indexOf("=");
    if (at <= 0 || at === given.length - 1) throw new MockError(`--wildfire-callback takes KEY=URL, e.g. group.info_update=http://127.0.0.1:8090/group; got '${given}'`);
    callbacks[given.slice(0, at)] = given.slice(at + 1);
  }
  const pause = v["webhook-retry-pause"];
  if (pause !== undefined && !/^\d+$/.test(pause)) throw new MockError(`--webhook-retry-pause takes milliseconds (a whole number), got '${pause}'`);
  const mocks = await startMocks({
    apis: apis as ApiName[],
    host,
    ports: {
      wukongim: port("wukongim-port", v["wukongim-port"], DEFAULT_PORTS.wukongim),
      wildfire: port("wildfire-port", v["wildfire-port"], DEFAULT_PORTS.wildfire),
      openchat: port("openchat-port", v["openchat-port"], DEFAULT_PORTS.openchat),
    },
    ...(v["wildfire-secret"] !== undefined ? { wildfireSecret: v["wildfire-secret"] } : {}),
    ...(v["wildfire-edition"] !== undefined ? { wildfireEdition: v["wildfire-edition"] as "community" | "pro" } : {}),
    ...(v["wukongim-version"] !== undefined ? { wukongimVersion: v["wukongim-version"] } : {}),
    ...(v["wukongim-webhook"] !== undefined ? { wukongimWebhook: v["wukongim-webhook"] } : {}),
    ...(Object.keys(callbacks).length ? { wildfireCallbacks: callbacks } : {}),
    ...(pause !== undefined ? { webhookRetryPauseMs: Number(pause) } : {}),
    dynamic: v.dynamic ?? false,
    stateful: v.stateful ?? false,
    ...(v.log ? { onRequest: (entry) => console.log(formatLogEntry(entry)) } : {}),
  });
  for (const [api, url] of Object.entries(mocks.urls)) console.log(`${api.padEnd(9)} ${url}`);
  if (host !== "127.0.0.1" && host !== "::1" && host !== "localhost") {
    console.error(`warning: listening on ${host}, reachable from other machines`);
  }
  console.log("im-mock: ready; press Ctrl-C to stop");

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await mocks.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  process.on("SIGHUP", () => void shutdown(0));
}

main().catch((error: unknown) => {
  if (error instanceof MockError) console.error(`im-mock: ${error.message}`);
  else console.error(`im-mock: unexpected error: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
