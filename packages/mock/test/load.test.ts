// Load: 20 concurrent clients against the three mocks for LOAD_SECONDS (default 30), bounded in
// time and count. Zero errors, and the Prism processes' memory must settle rather than grow.
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMocks, type RunningMocks } from "../src/index.js";

// 15 s by default: enough samples for the memory check; `LOAD_SECONDS=60` for a longer soak.
const SECONDS = Number(process.env["LOAD_SECONDS"] ?? 15);
const CONCURRENCY = 20;
const MAX_REQUESTS = 200_000;

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

let mocks: RunningMocks;
beforeAll(async () => {
  mocks = await startMocks();
});
afterAll(() => mocks.stop());

describe("mocks under load", () => {
  it(`serve ${CONCURRENCY} concurrent clients for ${SECONDS} s with no errors and stable memory`, async () => {
    const signed = () => {
      const nonce = String(Math.floor(Math.random() * 1e9));
      const timestamp = String(Date.now());
      return { nonce, timestamp, sign: createHash("sha1").update(`${nonce}|123456|${timestamp}`).digest("hex") };
    };
    const requests: (() => Promise<Response>)[] = [
      () => fetch(`${mocks.urls.wukongim}/health`),
      () => fetch(`${mocks.urls.wukongim}/channel/max_message_seq?channel_id=group123&channel_type=2`),
      () => fetch(`${mocks.urls.wildfire}/admin/health`),
      () => fetch(`${mocks.urls.wildfire}/admin/user/get_info`, { method: "POST", headers: { "content-type": "application/json", ...signed() }, body: '{"userId":"u_test01"}' }),
      () => fetch(`${mocks.urls.openchat}/api/v1/im/health`),
    ];
    let sent = 0;
    const failures: string[] = [];
    const samples: number[][] = [];
    const deadline = Date.now() + SECONDS * 1000;
    const sampler = setInterval(() => samples.push(mocks.pids.map(rssMb)), 1000);
    const worker = async (w: number) => {
      while (Date.now() < deadline && sent < MAX_REQUESTS) {
        const make = requests[(sent++ + w) % requests.length]!;
        try {
          const response = await make();
          await response.arrayBuffer();
          if (response.status !== 200) failures.push(`HTTP ${response.status} ${response.url}`);
        } catch (error) {
          failures.push(String(error));
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));
    clearInterval(sampler);

    expect(failures.slice(0, 5)).toEqual([]);
    // Throughput is measured by `pnpm bench`, not asserted here: on a loaded machine it can be a
    // tenth of an idle one's. Every client must still have been answered, repeatedly.
    expect(sent).toBeGreaterThanOrEqual(CONCURRENCY * 5);
    // Memory: compare the second third of the run with the last third, per Prism process.
    const third = Math.floor(samples.length / 3);
    if (third >= 1) {
      for (let p = 0; p < mocks.pids.length; p++) {
        const mid = Math.max(...samples.slice(third, 2 * third).map((s) => s[p]!));
        const end = Math.max(...samples.slice(2 * third).map((s) => s[p]!));
        expect(end, `Prism ${p} RSS grew from ${mid.toFixed(0)} MB to ${end.toFixed(0)} MB`).toBeLessThan(mid * 1.25 + 25);
      }
    }
    console.log(`load: ${sent} requests in ${SECONDS} s (${Math.round(sent / SECONDS)} rps), Prism RSS ${samples.at(-1)?.map((m) => m.toFixed(0)).join("/")} MB`);
  }, (SECONDS + 60) * 1000);
});
