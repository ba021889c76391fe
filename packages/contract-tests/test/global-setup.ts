// Runs the contract suite once, with the same library call as `im-contract`, and hands the report
// to the tests, which assert on it. Servers come from the environment (WUKONGIM_URL, …); every API
// without a URL is checked against a mock started here.
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startMocks, type ApiName } from "@im-openapi/mock";
import { configFromEnv } from "../src/env.js";
import type { ContractReport } from "../src/report.js";
import { writeReport } from "../src/report.js";
import { runContract } from "../src/run.js";
import type { ContractTargets } from "../src/targets.js";

declare module "vitest" {
  export interface ProvidedContext {
    contractReport: ContractReport;
    /** URLs of the mocks started here, for the suite's own tests. */
    contractMocks: Partial<Record<ApiName, string>>;
  }
}

export default async function setup(project: TestProject) {
  const config = configFromEnv();
  const mocked = config.apis.filter((api) => !config.targets[api]);
  const mocks = mocked.length ? await startMocks({ apis: mocked }) : undefined;
  try {
    const targets: ContractTargets = { ...config.targets };
    for (const api of mocked) targets[api] = { url: mocks!.urls[api]!, mock: true };
    // Real servers are checked read-only unless CONTRACT_READ_ONLY=0; the mocks take every write.
    const anyReal = Object.keys(config.targets).length > 0;
    // Fuzzing is on against the mocks (a few requests per operation, 20 s per API: the APIs run side
    // by side, so well under a minute) and off against real servers unless CONTRACT_FUZZ=1.
    const fuzzing = config.fuzz.on ?? !anyReal;
    const fuzz = fuzzing ? { runs: config.fuzz.runs ?? (anyReal ? undefined : 6), seconds: config.fuzz.seconds ?? (anyReal ? undefined : 20), seed: config.fuzz.seed } : undefined;
    const report = await runContract({ targets, write: !(config.readOnly ?? anyReal), fuzz });
    const files = writeReport(report, path.resolve(config.reportDir));
    const t = report.totals;
    const seed = report.mode.fuzz ? `, fuzz seed ${report.mode.fuzz.seed} (CONTRACT_SEED=${report.mode.fuzz.seed} replays it)` : "";
    console.log(`contract report: ${report.ok ? "PASS" : "FAIL"}, ${t.operationsChecked} operations checked, ${t.violations} violations, ${t.failed} failed checks${seed} -> ${files.markdown}`);
    project.provide("contractReport", report);
    project.provide("contractMocks", mocks?.urls ?? {});
  } catch (error) {
    await mocks?.stop();
    throw error;
  }
  return () => mocks?.stop();
}
