// The contract suite as vitest tests: one test per check of the report the global setup produced,
// so `pnpm test:contract` fails exactly when the report (and `im-contract`) does.
import { describe, expect, inject, it } from "vitest";
import { API_NAMES } from "@im-openapi/mock";
import { describeFailure } from "../src/report.js";

const report = inject("contractReport");

for (const api of API_NAMES) {
  const target = report.targets[api];
  if (!target) continue;
  describe(`${api} at ${target.url}${target.mock ? " (mock)" : ""}${report.mode.write ? "" : ", read-only"}`, () => {
    for (const check of report.checks.filter((c) => c.api === api && c.outcome !== "skipped")) {
      it(check.name, () => {
        expect(describeFailure(check).join("\n")).toBe("");
        expect(check.outcome).toBe("passed");
      });
    }
  });
}

it("the report has no violation and no failed check", () => {
  expect(report.checks.filter((c) => c.outcome === "failed").flatMap(describeFailure).join("\n")).toBe("");
  expect(report.ok).toBe(true);
});
