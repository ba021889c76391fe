// pnpm bench: measures, side by side in one run, what the README's performance table reports, and
// writes dist/bench.json. Every figure is a median over repeated rounds on this machine.
import http from "node:http";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { root, fail } from "./apis.mjs";

const load = async (pkg) => {
  try {
    return await import(path.join(root, "packages", pkg, "dist", "index.js"));
  } catch (error) {
    fail("bench", `cannot load packages/${pkg}/dist (${error.message}); run \`pnpm build\` first`);
  }
};
const [core, wukongim, wildfire, openchat, mock] = await Promise.all(["core", "wukongim", "wildfire", "openchat", "mock"].map(load));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x, d = 3) => Number(x.toFixed(d));

function listen(handler) {
  const server = http.createServer(handler);
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${server.address().port}` })));
}

// --- 1. typed clients vs raw fetch, same local server -------------------------------------------
async function clientOverhead() {
  const body = '{"status":200,"data":{"message_id":123456789,"client_msg_no":"client_msg_123"}}';
  const { server, url } = await listen((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end(body));
  });
  const calls = 400;
  const rounds = 9;
  // Each client is compared with a raw fetch of the same request (same method, path and body),
  // without the client's middleware.
  const sendBody = { from_uid: "user123", channel_id: "group123", channel_type: 2, payload: "SGVsbG8gV29ybGQ=", client_msg_no: "client_msg_123" };
  const rawPost = (path, body) => async () => {
    const r = await fetch(`${url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    await r.json();
  };
  const cases = {
    wukongim: { raw: rawPost("/message/send", sendBody), make: () => { const c = wukongim.createWukongimClient({ baseUrl: url }); return () => c.POST("/message/send", { body: sendBody }); } },
    wildfire: { raw: rawPost("/admin/user/get_info", { userId: "u_test01" }), make: () => { const c = wildfire.createWildfireClient({ baseUrl: url, secret: "123456" }); return () => c.POST("/admin/user/get_info", { body: { userId: "u_test01" } }); } },
    openchat: {
      raw: rawPost("/api/v1/im/message/send", { channelId: "group123", channelType: 2, payload: "SGVsbG8gV29ybGQ=" }),
      make: () => { const c = openchat.createOpenchatClient({ baseUrl: url, token: "bench-token" }); return () => c.POST("/api/v1/im/message/send", { body: { channelId: "group123", channelType: 2, payload: "SGVsbG8gV29ybGQ=" } }); },
    },
  };
  const time = async (fn) => {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) await fn();
    return (performance.now() - t0) / calls;
  };
  // References, not part of the goal: the same WuKongIM call through the fetch engine (what a
  // caller who passes `fetch` gets, and what browsers use); a bare openapi-fetch client on Node's
  // fetch; and undici's request API alone, the floor of the clients' default engine in Node.
  const plain = (await import(path.join(root, "packages", "core", "node_modules", "openapi-fetch", "dist", "index.mjs"))).default({ baseUrl: url });
  const undici = await import(path.join(root, "packages", "core", "node_modules", "undici", "index.js"));
  cases["wukongim on fetch (reference)"] = { raw: cases.wukongim.raw, make: () => { const c = wukongim.createWukongimClient({ baseUrl: url, fetch: (...a) => fetch(...a) }); return () => c.POST("/message/send", { body: sendBody }); } };
  cases["openapi-fetch alone (reference)"] = { raw: cases.wukongim.raw, make: () => () => plain.POST("/message/send", { body: sendBody }) };
  cases["undici request alone (reference)"] = {
    raw: cases.wukongim.raw,
    make: () => async () => {
      const r = await undici.request(`${url}/message/send`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(sendBody) });
      JSON.parse(await r.body.text());
    },
  };
  const out = {};
  for (const [name, { raw, make }] of Object.entries(cases)) {
    const call = make();
    for (let i = 0; i < 200; i++) { await raw(); await call(); } // warm-up: JIT and keep-alive sockets
    const ratios = [];
    const rawMs = [];
    const clientMs = [];
    for (let r = 0; r < rounds; r++) {
      // Alternate the order so drift on the machine hits both sides alike.
      const a = r % 2 ? await time(raw) : undefined;
      const b = await time(call);
      const c = a ?? (await time(raw));
      rawMs.push(c);
      clientMs.push(b);
      ratios.push(b / c);
    }
    out[name] = { ratio: round(median(ratios)), client_ms: round(median(clientMs), 4), fetch_ms: round(median(rawMs), 4) };
  }
  server.closeAllConnections();
  server.close();
  return out;
}

// --- 2. lossless int64 decoding vs JSON.parse ----------------------------------------------------
function int64Decode() {
  const base = 1899123456789012345n;
  const messages = Array.from({ length: 1000 }, (_, i) => {
    const id = base + BigInt(i);
    return `{"header":{"no_persist":0,"red_dot":1,"sync_once":0},"setting":0,"message_id":${id},"message_idstr":"${id}","client_msg_no":"client_msg_${i}","message_seq":${1000 + i},"from_uid":"user123","channel_id":"group123","channel_type":2,"expire":0,"timestamp":1640995200,"payload":"eyJ0eXBlIjoxLCJjb250ZW50Ijoi5L2g5aW977yM5LiW55WMIn0="}`;
  });
  const text = `{"start_message_seq":1000,"end_message_seq":2000,"more":1,"messages":[${messages.join(",")}]}`;
  const check = core.parseJsonLossless(text);
  if (check.messages[999].message_id !== base + 999n) fail("bench", "lossless decode lost precision");
  const time = (fn, n) => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn(text);
    return (performance.now() - t0) / n;
  };
  for (let i = 0; i < 50; i++) { JSON.parse(text); core.parseJsonLossless(text); }
  const ratios = [];
  const a = [];
  const b = [];
  for (let r = 0; r < 15; r++) {
    const plain = time(JSON.parse, 30);
    const lossless = time(core.parseJsonLossless, 30);
    a.push(plain);
    b.push(lossless);
    ratios.push(lossless / plain);
  }
  return { ratio: round(median(ratios)), json_parse_ms: round(median(a)), lossless_ms: round(median(b)), bytes: text.length };
}

// --- 3. mock startup, and throughput under 20 concurrent clients ---------------------------------
async function loadTest(url, pathName, seconds, concurrency = 20) {
  const latencies = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        const r = await fetch(url + pathName);
        await r.arrayBuffer();
        if (r.status !== 200) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  return { rps: round(latencies.length / elapsed, 1), p50_ms: round(median(latencies)), requests: latencies.length, errors };
}

async function mocks() {
  const startups = [];
  const statefulStartups = [];
  for (let i = 0; i < 3; i++) {
    // Stateless and stateful start-ups alternate, so load on the machine hits both alike.
    let t0 = performance.now();
    const m = await mock.startMocks();
    startups.push(performance.now() - t0);
    t0 = performance.now();
    const s = await mock.startMocks({ stateful: true });
    statefulStartups.push(performance.now() - t0);
    if (i < 2) {
      await Promise.all([m.stop(), s.stop()]);
      continue;
    }
    const prism = await loadTest(m.urls.wukongim, "/health", 5);
    // The stateful mock against the stateless one on a route the state answers: a group with 20
    // messages, its max_message_seq read by 20 clients; rounds alternate, and each ratio is taken
    // within one round.
    for (const target of [m, s]) {
      const post = (p, body) => fetch(target.urls.wukongim + p, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then((r) => r.arrayBuffer());
      await post("/channel", { channel_id: "bench", channel_type: 2, subscribers: ["u1"] });
      for (let k = 0; k < 20; k++) await post("/message/send", { from_uid: "u1", channel_id: "bench", channel_type: 2, payload: "aGk=" });
    }
    const route = "/channel/max_message_seq?channel_id=bench&channel_type=2";
    const stateless = [];
    const stateful = [];
    for (let r = 0; r < 6; r++) {
      const order = r % 2 ? [[s, stateful], [m, stateless]] : [[m, stateless], [s, stateful]];
      for (const [target, out] of order) out.push(await loadTest(target.urls.wukongim, route, 2));
    }
    await Promise.all([m.stop(), s.stop()]);
    const { server, url } = await listen((req, res) => res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}'));
    const bare = await loadTest(url, "/health", 5);
    server.closeAllConnections();
    server.close();
    return {
      startup_ms: round(median(startups), 0),
      stateful_startup_ms: round(median(statefulStartups), 0),
      prism,
      bare,
      stateful_ratio: round(median(stateful.map((x, k) => x.rps / stateless[k].rps))),
      stateless_route: { rps: round(median(stateless.map((x) => x.rps)), 1), p50_ms: round(median(stateless.map((x) => x.p50_ms))) },
      stateful_route: { rps: round(median(stateful.map((x) => x.rps)), 1), p50_ms: round(median(stateful.map((x) => x.p50_ms))), errors: stateful.reduce((n, x) => n + x.errors, 0) },
    };
  }
}

const started = Date.now();
const clients = await clientOverhead();
const decode = int64Decode();
const m = await mocks();
const result = {
  generated_at: new Date().toISOString(),
  machine: { node: process.version, cpus: (await import("node:os")).cpus().length },
  client_vs_fetch_ratio: Math.max(...Object.entries(clients).filter(([n]) => !n.includes("reference")).map(([, c]) => c.ratio)),
  client_vs_fetch: clients,
  int64_decode_vs_json_parse_ratio: decode.ratio,
  int64_decode: decode,
  mock_startup_ms: m.startup_ms,
  mock_rps: m.prism.rps,
  mock_p50_ms: m.prism.p50_ms,
  mock_errors: m.prism.errors,
  mock_stateful_startup_ms: m.stateful_startup_ms,
  mock_stateful_vs_stateless_ratio: m.stateful_ratio,
  mock_stateless_route: m.stateless_route,
  mock_stateful_route: m.stateful_route,
  bare_node_http_rps: m.bare.rps,
  bare_node_http_p50_ms: m.bare.p50_ms,
  duration_s: round((Date.now() - started) / 1000, 1),
};
mkdirSync(path.join(root, "dist"), { recursive: true });
writeFileSync(path.join(root, "dist", "bench.json"), JSON.stringify(result, null, 2) + "\n");

const verdict = (value, goal, limit) => (value <= goal ? "met" : value <= limit ? "over goal, within limit" : "NOT MET");
const rows = [
  ["client_vs_fetch_ratio (worst client)", result.client_vs_fetch_ratio, `≤ 1.05 (never > 1.10): ${verdict(result.client_vs_fetch_ratio, 1.05, 1.1)}`],
  ...Object.entries(clients).map(([n, c]) => [`  ${n}: ${c.client_ms} ms vs fetch ${c.fetch_ms} ms`, c.ratio, ""]),
  ["int64_decode_vs_json_parse_ratio", decode.ratio, `≤ 1.5 (never > 2.0): ${verdict(decode.ratio, 1.5, 2)}`],
  [`  1000 messages, ${(decode.bytes / 1024).toFixed(0)} KiB: ${decode.lossless_ms} ms vs ${decode.json_parse_ms} ms`, "", ""],
  ["mock_startup_ms (all three)", result.mock_startup_ms, `≤ 2000: ${verdict(result.mock_startup_ms, 2000, 2000)}`],
  ["mock_rps / mock_p50_ms (Prism, 20 clients)", `${result.mock_rps} / ${result.mock_p50_ms}`, `errors: ${result.mock_errors}`],
  ["mock_stateful_startup_ms (all three)", result.mock_stateful_startup_ms, `≤ 2000: ${verdict(result.mock_stateful_startup_ms, 2000, 2000)}`],
  ["mock_stateful_vs_stateless_ratio (rps, max_message_seq)", result.mock_stateful_vs_stateless_ratio, `≥ 0.8: ${result.mock_stateful_vs_stateless_ratio >= 0.8 ? "met" : "NOT MET"}`],
  [`  stateless ${result.mock_stateless_route.rps} rps / ${result.mock_stateless_route.p50_ms} ms; stateful ${result.mock_stateful_route.rps} rps / ${result.mock_stateful_route.p50_ms} ms`, "", `errors: ${result.mock_stateful_route.errors}`],
  ["bare node:http rps / p50_ms (ceiling)", `${result.bare_node_http_rps} / ${result.bare_node_http_p50_ms}`, ""],
];
const w = Math.max(...rows.map((r) => r[0].length));
for (const [name, value, goal] of rows) console.log(`${name.padEnd(w)}  ${String(value).padStart(14)}  ${goal}`);
console.log(`\nwrote dist/bench.json in ${result.duration_s} s`);
