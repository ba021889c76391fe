// `pnpm test:contract` with a server's URL, as the root README documents it: vitest runs the same
// library as im-contract, so its exit code and the report agree, read-only included.
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { ContractReport } from "../../src/report.js";
import { loadContract } from "../../src/spec.js";
import { runContract } from "../../src/run.js";
import { repoRoot, run, startDriftingServer, startRecordingProxy, type Running } from "./servers.js";

const mocks = inject("contractMocks");
const vitest = path.join(repoRoot, "node_modules/vitest/vitest.mjs");
const tempDir = () => mkdtempSync(path.join(os.tmpdir(), "im-contract-env-"));
const readReport = (dir: string) => JSON.parse(readFileSync(path.join(dir, "contract-report.json"), "utf8")) as ContractReport;

/** `vitest run --project contract-tests` with these variables, as `pnpm test:contract` runs it (after its build). */
async function testContract(vars: Record<string, string>): Promise<{ code: number | null; output: string; report: ContractReport }> {
  const dir = tempDir();
  const env: NodeJS.ProcessEnv = { ...process.env, CONTRACT_REPORT_DIR: dir, NO_COLOR: "1", ...vars };
  delete env["FORCE_COLOR"];
  for (const name of ["WUKONGIM_URL", "WILDFIRE_URL", "OPENCHAT_URL", "CONTRACT_READ_ONLY", "WILDFIRE_EDITION"]) if (!(name in vars)) delete env[name];
  const r = await run([vitest, "run", "--project", "contract-tests"], { env });
  return { code: r.code, output: (r.stdout + r.stderr).replace(/\x1b\[[0-9;]*m/g, ""), report: readReport(dir) };
}

let drifting: Running;
beforeAll(async () => {
  drifting = await startDriftingServer();
});
afterAll(() => drifting.close());

describe("pnpm test:contract against servers", () => {
  it("passes a read-only run against servers that keep the contract, and sends nothing that writes", async () => {
    const wk = await startRecordingProxy(mocks.wukongim!);
    const wf = await startRecordingProxy(mocks.wildfire!);
    try {
      const { code, output, report } = await testContract({ WUKONGIM_URL: wk.url, WILDFIRE_URL: wf.url, WILDFIRE_EDITION: "pro", CONTRACT_APIS: "wukongim,wildfire" });
      expect(output).not.toContain("No test suite found");
      expect(code, output.slice(-3000)).toBe(0);
      expect(report).toMatchObject({ ok: true, mode: { write: false } });
      expect(report.targets.wukongim).toMatchObject({ url: wk.url, mock: false });
      expect(output).toMatch(/Tests\s+\d+ passed/);
      for (const [api, proxy] of [["wukongim", wk], ["wildfire", wf]] as const) {
        const ops = loadContract(api).operations;
        expect(proxy.requests.length).toBeGreaterThan(30);
        const writes = proxy.requests.filter((r) => {
          const op = ops.find((o) => o.method === r.method && new RegExp(`^${o.path.replace(/\{[^}]+\}/g, "[^/]+")}$`).test(r.path));
          return !op?.readOnly;
        });
        expect(writes, `${api}: requests that are not read-only operations`).toEqual([]);
      }
    } finally {
      await wk.close();
      await wf.close();
    }
  }, 180_000);

  it("fails when a server drifts or a pro server is checked as community, with every finding in the report", async () => {
    const { code, output, report } = await testContract({ WUKONGIM_URL: drifting.url, WILDFIRE_URL: mocks.wildfire!, CONTRACT_APIS: "wukongim,wildfire" });
    expect(code).toBe(1);
    expect(report.ok).toBe(false);
    // wildfire: each pro route that answers is a failed check, none of them a schema violation.
    const proReads = loadContract("wildfire").operations.filter((o) => o.edition === "pro" && o.readOnly);
    expect(report.apis.wildfire).toMatchObject({ failed: proReads.length, violations: 0 });
    expect(report.checks.filter((c) => c.api === "wildfire" && c.outcome === "failed").map((c) => c.operation).sort()).toEqual(proReads.map((o) => o.operationId).sort());
    // One failed test per failed check, and the test that the whole report is clean.
    expect(output).toMatch(new RegExp(`Tests\\s+${report.totals.failed + 1} failed`));
    // wukongim: exactly what im-contract's library call finds (its exit code is tested in cli.test.ts).
    const fromLibrary = await runContract({ targets: { wukongim: { url: drifting.url } } });
    expect(fromLibrary.ok).toBe(false);
    const findings = (checks: ContractReport["checks"]) => checks.filter((c) => c.api === "wukongim").map((c) => ({ name: c.name, outcome: c.outcome, actual: c.actual, violations: c.violations }));
    expect(findings(report.checks)).toEqual(findings(fromLibrary.checks));
    expect(report.apis.wukongim!.violations).toBeGreaterThan(2);
  }, 180_000);
});
