import { readFileSync } from "node:fs";
import { API_NAMES, type ApiName } from "@im-openapi/mock";
import { ContractError } from "./errors.js";
import { fuzzSuite, type FuzzOptions } from "./fuzz/suite.js";
import { absenceReason, isSuccess } from "./judge.js";
import { preflight } from "./preflight.js";
import { buildReport, type Check, type ContractReport, type OperationCoverage, type ReportTarget } from "./report.js";
import { fixtureSuite, SUCCESS_UNREACHABLE } from "./scenarios/fixtures.js";
import { openchatScenario } from "./scenarios/openchat.js";
import { wildfireScenario } from "./scenarios/wildfire.js";
import { wukongimScenario } from "./scenarios/wukongim.js";
import { loadContract, type Operation } from "./spec.js";
import type { Suite } from "./suite.js";
import { sweepSuite } from "./sweep.js";
import { resolveTargets, type ContractTargets, type Target } from "./targets.js";
import type { ExchangeRecord } from "./validator.js";
import { resolveWebhook, webhookChecks, type WebhookTarget } from "./webhook.js";

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
  /**
   * Also run the property-based mode: requests drawn from each operation's schemas. `true` uses the
   * defaults (100 requests per operation, 120 s per API, a random seed printed in the report).
   */
  fuzz?: boolean | Partial<FuzzOptions> | undefined;
  /** Check only these operations (operationIds, in any of the APIs), e.g. to replay one fuzz finding. */
  operations?: readonly string[] | undefined;
  /** Also check a webhook receiver: the spec's example events sent as the server sends them, and invalid ones it must reject. */
  webhook?: WebhookTarget | undefined;
}

export const FUZZ_DEFAULTS = { runs: 100, seconds: 120 } as const;

/** The fuzz bounds and seed, checked; undefined when the run does not fuzz. */
export function fuzzOptions(fuzz: RunOptions["fuzz"]): FuzzOptions | undefined {
  if (!fuzz) return undefined;
  const given = fuzz === true ? {} : fuzz;
  const runs = given.runs ?? FUZZ_DEFAULTS.runs;
  const seconds = given.seconds ?? FUZZ_DEFAULTS.seconds;
  const seed = given.seed ?? Math.floor(Math.random() * 0x7fffffff);
  if (!Number.isInteger(runs) || runs < 1) throw new ContractError(`the fuzz run count must be a whole number of at least 1, got ${String(runs)}`);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new ContractError(`the fuzz time budget must be a number of seconds above 0, got ${String(seconds)}`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0x7fffffff) throw new ContractError(`the seed must be a whole number from 0 to ${0x7fffffff}, got ${String(seed)}`);
  return { runs, seconds, seed };
}

/** The suites, in the order they run for each API. */
export const SUITES: readonly Suite[] = [sweepSuite, wukongimScenario, wildfireScenario, openchatScenario, fixtureSuite, fuzzSuite];

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
  const webhook = options.webhook ? resolveWebhook(options.webhook) : undefined;
  const targets = webhook && Object.keys(options.targets).length === 0 ? [] : resolveTargets(options.targets);
  const write = options.write ?? false;
  const runPrefix = options.runPrefix ?? `ct${Date.now().toString(36)}`;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const fuzz = fuzzOptions(options.fuzz);
  const redact = redactor(targets);
  const specs = new Map(targets.map((t) => [t.api, loadContract(t.api)]));
  if (options.operations?.length) {
    const wanted = new Set(options.operations);
    const known = new Set([...specs.values()].flatMap((s) => s.operations.map((o) => o.operationId)));
    const unknown = [...wanted].filter((id) => !known.has(id));
    if (unknown.length) throw new ContractError(`no operation ${unknown.map((u) => `'${u}'`).join(", ")} in the ${[...specs.keys()].join(", ")} spec${specs.size > 1 ? "s" : ""}; give operationIds as the report names them`);
    for (const [api, spec] of specs) specs.set(api, { ...spec, operations: spec.operations.filter((o) => wanted.has(o.operationId)) });
  }
  const prepared = await Promise.all(targets.map((t) => preflight(t, specs.get(t.api)!, runPrefix, timeoutMs)));

  const checks = new Map<ApiName, Check[]>(API_NAMES.map((api) => [api, []]));
  const coverage = new Map<ApiName, Map<string, OperationCoverage>>(
    targets.map((t) => {
      const spec = specs.get(t.api)!;
      return [t.api, new Map(spec.operations.map((op) => [op.operationId, { operation: op.operationId, method: op.method, path: op.path, absent: absenceReason(op, t, spec.version), unreachable: t.mock ? undefined : SUCCESS_UNREACHABLE[`${op.api} ${op.operationId}`], success: false, statuses: {}, violations: 0, failed: 0 }]))];
    }),
  );
  const observe = (op: Operation, exchange: ExchangeRecord) => {
    const row = coverage.get(op.api)?.get(op.operationId);
    if (!row) return;
    row.statuses[exchange.status] = (row.statuses[exchange.status] ?? 0) + 1;
    if (!row.absent && isSuccess(op.api, exchange)) row.success = true;
  };
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
      const context = { spec: specs.get(target.api)!, target, write, runPrefix, timeoutMs, token, record, observe, fuzz };
      // With a list of operations, the scenarios (which call many operations) do not run.
      const perOperation = (suite: Suite) => !options.operations?.length || suite === sweepSuite || suite === fuzzSuite || suite === fixtureSuite;
      for (const suite of SUITES) if (suite.enabled(target) && perOperation(suite)) await suite.run(context);
    }),
  );

  if (webhook) {
    const spec = specs.get(webhook.api) ?? loadContract(webhook.api);
    for (const check of await webhookChecks(webhook, spec, timeoutMs)) record(check);
  }

  const reportTargets: Partial<Record<ApiName, ReportTarget>> = {};
  for (const t of targets) {
    reportTargets[t.api] = { url: t.url, mock: t.mock, version: t.api === "wukongim" ? (t.version ?? specs.get(t.api)!.version) : undefined, edition: t.edition, surface: t.api === "openchat" ? t.surface : undefined };
  }
  return buildReport({
    tool: TOOL,
    durationMs: Date.now() - started,
    mode: { write, fuzz: fuzz ? { seed: fuzz.seed, runs: fuzz.runs, seconds: fuzz.seconds } : undefined },
    runPrefix,
    targets: reportTargets,
    operations: Object.fromEntries(targets.map((t) => [t.api, specs.get(t.api)!.operations.length])),
    webhook: webhook ? { api: webhook.api, url: webhook.url } : undefined,
    checks: API_NAMES.flatMap((api) => checks.get(api) ?? []),
    coverage: Object.fromEntries([...coverage].map(([api, rows]) => [api, [...rows.values()]])),
  });
}
