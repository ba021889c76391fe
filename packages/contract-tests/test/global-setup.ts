import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { API_NAMES, startMocks, type ApiName } from "@im-openapi/mock";
import { mergeReport } from "../src/report.js";
import { readConfig, type Target } from "../src/targets.js";

declare module "vitest" {
  export interface ProvidedContext {
    contractTargets: Partial<Record<ApiName, Target>>;
    contractReadOnly: boolean;
    contractPartialDir: string;
    contractRunPrefix: string;
  }
}

export default async function setup(project: TestProject) {
  const config = readConfig();
  const apis = config.only ?? [...API_NAMES];
  const mocked = apis.filter((api) => !config.real[api]);
  const mocks = mocked.length ? await startMocks({ apis: mocked }) : undefined;
  const targets: Partial<Record<ApiName, Target>> = {};
  for (const api of apis) {
    const real = config.real[api];
    targets[api] = real ? { ...real, real: true } : { api, url: mocks!.urls[api]!, real: false };
  }
  const anyReal = apis.some((api) => config.real[api]);
  const partialDir = mkdtempSync(path.join(os.tmpdir(), "im-contract-"));
  project.provide("contractTargets", targets);
  project.provide("contractReadOnly", config.readOnly ?? anyReal);
  project.provide("contractPartialDir", partialDir);
  // Every resource a scenario creates starts with this, so a shared server can be cleaned by prefix.
  project.provide("contractRunPrefix", `ct${Date.now().toString(36)}`);

  return async () => {
    await mocks?.stop();
    const report = mergeReport(partialDir, path.resolve(config.reportDir), Object.fromEntries(Object.values(targets).map((t) => [t!.api, { url: t!.url, real: t!.real }])));
    const t = report.totals;
    console.log(`contract report: ${t.checked} operations checked, ${t.violations} violations in ${t.failedOperations} operations -> ${path.resolve(config.reportDir)}/contract-report.{json,md}`);
  };
}
