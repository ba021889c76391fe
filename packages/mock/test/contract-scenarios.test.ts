// The acceptance test of the stateful mode: the contract suite's write run, written for real
// WuKongIM v2.2.5, wildfire 1.4.8 (community) and OpenChat, passes against the stateful mocks
// unchanged. The mocks are declared as real servers, so the sweep sends every operation (writes
// included) and the scenarios run: tokens, groups, members, messages found again, recalls, logins.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMocks, type RunningMocks } from "../src/index.js";
import { runContract, type ContractReport } from "../../contract-tests/dist/index.js";

let mocks: RunningMocks;
let report: ContractReport;
beforeAll(async () => {
  mocks = await startMocks({ stateful: true, wildfireEdition: "community" });
  report = await runContract({
    targets: {
      wukongim: { url: mocks.urls.wukongim! },
      wildfire: { url: mocks.urls.wildfire!, edition: "community" },
      openchat: { url: mocks.urls.openchat!, username: "alice", password: "OpenChat@123" },
    },
    write: true,
  });
}, 300_000);
afterAll(() => mocks?.stop());

describe("the contract suite's write run against the stateful mocks", () => {
  it("has no failed check and no violation", () => {
    const failed = report.checks.filter((c) => c.outcome === "failed").map((c) => `${c.api} ${c.name}: ${c.actual ?? ""} ${c.violations.map((v) => `${v.at} ${v.expected}`).join("; ")}`);
    expect(failed).toEqual([]);
    expect(report.totals).toMatchObject({ failed: 0, violations: 0, skipped: 0 });
    expect(report.ok).toBe(true);
  });

  it("ran every API's scenario steps, and they passed", () => {
    for (const api of ["wukongim", "wildfire", "openchat"] as const) {
      const steps = report.checks.filter((c) => c.api === api && c.kind === "scenario");
      expect(steps.length, `${api} scenario steps`).toBeGreaterThanOrEqual(3);
      expect(steps.filter((c) => c.outcome !== "passed").map((c) => c.name)).toEqual([]);
    }
    // The scenario's sends were answered from the state, not from the examples.
    expect(mocks.requests({ api: "wukongim", operation: "syncChannelMessages" }).every((e) => e.answeredBy === "state")).toBe(true);
  });
});
