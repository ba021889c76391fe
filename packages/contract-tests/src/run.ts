import { readFileSync } from "node:fs";
import { API_NAMES, type ApiName } from "@im-openapi/mock";
import { preflight } from "./preflight.js";
import { buildReport, type Check, type ContractReport, type ReportTarget } from "./report.js";
import { openchatScenario } from "./scenarios/openchat.js";
import { wildfireScenario } from "./scenarios/wildfire.js";
import { wukongimScenario } from "./scenarios/wukongim.js";
import { loadContract } from "./spec.js";
import type { Suite } from "./suite.js";
import { sweepSuite } from "./sweep.js";
import { resolveTargets, type ContractTargets, type Target } from "./targets.js";

export interface RunOptions {
  /** The servers to check; at least one. */
  targets: ContractTargets;
  /** Also send operations that change server state, and run the write steps of the scenarios. Default false (read-only). */
  write?: boolean | undefined;
  /** Prefix of every resource the scenarios create. Default `ct` + the time in base 36. */
  runPrefix?: string | undefined;
  /** Per request, in milliseconds. Default 15000. */
  timeoutMs?: number | undefined;
  /** Called with each check as it completes (for progress output). */
  onCheck?: ((check: Check) => void) | undefined;
}

/** The suites, in the order they run for each API. */
export const SUITES: readonly Suite[] = [sweepSuite, wukongimScenario, wildfireScenario, openchatScenario];

export const TOOL = (() => {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { name: string; version: string };
  return { name: pkg.name, version: pkg.version };
})();

/** Replaces every secret, token and password in the report's texts, so the report can be shared. */
function redactor(targets: Target[]): (text: string) => string {
  const secrets = targets.flatMap((t) => [t.secret, t.token, t.password]).filter((s): s is string => typeof s === "string" && s.length >= 4 && s !== "123456");
  return (text) => secrets.reduce((acc, s) => acc.split(s).join("***"), text);
}

/**
 * Checks the given servers against their contracts and returns the report. Throws a ContractError
 * (before any check) for bad options, an unreachable server or refused credentials; everything that
 * goes wrong after that is a finding in the report, and `report.ok` is false.
 */
export async function runContract(options: RunOptions): Promise<ContractReport> {
  const started = Date.now();
  const targets = resolveTargets(options.targets);
  const write = options.write ?? false;
  const runPrefix = options.runPrefix ?? `ct${Date.now().toString(36)}`;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const redact = redactor(targets);
  const specs = new Map(targets.map((t) => [t.api, loadContract(t.api)]));
  const prepared = await Promise.all(targets.map((t) => preflight(t, specs.get(t.api)!, runPrefix, timeoutMs)));

  const checks = new Map<ApiName, Check[]>(targets.map((t) => [t.api, []]));
  const record = (check: Check) => {
    const clean: Check = {
      ...check,
      expected: redact(check.expected),
      actual: check.actual === undefined ? undefined : redact(check.actual),
      violations: check.violations.map((v) => ({ ...v, actual: redact(v.actual) })),
    };
    checks.get(clean.api)!.push(clean);
    options.onCheck?.(clean);
  };
  // APIs run side by side; within one API the checks run in order, as a client would call.
  await Promise.all(
    targets.map(async (target, i) => {
      const { token, check } = prepared[i]!;
      if (check) record(check);
      const context = { spec: specs.get(target.api)!, target, write, runPrefix, timeoutMs, token, record };
      for (const suite of SUITES) if (suite.enabled(target)) await suite.run(context);
    }),
  );

  const reportTargets: Partial<Record<ApiName, ReportTarget>> = {};
  for (const t of targets) {
    reportTargets[t.api] = { url: t.url, mock: t.mock, version: t.api === "wukongim" ? (t.version ?? specs.get(t.api)!.version) : undefined, edition: t.edition };
  }
  return buildReport({
    tool: TOOL,
    durationMs: Date.now() - started,
    mode: { write },
    runPrefix,
    targets: reportTargets,
    operations: Object.fromEntries(targets.map((t) => [t.api, specs.get(t.api)!.operations.length])),
    checks: API_NAMES.flatMap((api) => checks.get(api) ?? []),
  });
}
