import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { API_NAMES, type ApiName } from "@im-openapi/mock";
import type { FuzzDetail } from "./fuzz/suite.js";
import type { Violation } from "./validator.js";

/**
 * What produced a check. `sweep`: one operation sent with the spec's example request;
 * `scenario`: one step of a stateful scenario or a server behaviour (signatures, login);
 * `fixture`: one operation sent its example with the run's own ids, for success-path coverage
 * (`--write` against a server); `fuzz`: one operation sent requests drawn from its schemas (`--fuzz`);
 * `webhook`: one delivery sent to a webhook receiver (`--webhook-receiver`).
 */
export type CheckKind = "sweep" | "scenario" | "fixture" | "fuzz" | "webhook";

/** One thing the run verified. A check fails when it found a contract violation or an expectation did not hold. */
export interface Check {
  api: ApiName;
  kind: CheckKind;
  /** A readable, unique name: `getHealth (GET /health)` or `scenario: registers user tokens`. */
  name: string;
  operation?: string | undefined;
  method?: string | undefined;
  path?: string | undefined;
  outcome: "passed" | "failed" | "skipped";
  /** What the check expected, in words. */
  expected: string;
  /** What came back, in words, when an expectation other than the schema did not hold. */
  actual?: string | undefined;
  /** The URL the request went to, when the server serves the operation elsewhere than `path` (an OpenChat surface). */
  url?: string | undefined;
  /** The HTTP status of the (last) answer. */
  status?: number | undefined;
  /** Places where a request or answer does not match the spec, each with its JSON path. */
  violations: Violation[];
  /** Why the check was skipped; for fuzz checks, how many requests were sent and the seed. */
  note?: string | undefined;
  /** Fuzz checks: the operation's seed, counts and the minimal failing request. */
  fuzz?: FuzzDetail | undefined;
}

/** What the run saw of one operation, from every check that called it. */
export interface OperationCoverage {
  operation: string;
  method: string;
  path: string;
  /** Why the declared server lacks the route; such an operation passes by answering as missing. */
  absent?: string | undefined;
  /** Why one node reached over HTTP cannot show this operation's success path, when it cannot. */
  unreachable?: string | undefined;
  /** At least one answer was a success (WuKongIM 2xx without an error status in the body, wildfire code 0, OpenChat 2xx). */
  success: boolean;
  /** HTTP status -> how many answers had it. */
  statuses: Record<string, number>;
  /** Contract violations found on the operation. */
  violations: number;
  /** Failed checks about the operation (violations, a missing route, a crash, no answer). */
  failed: number;
}

export interface ContractTotals {
  /** Operations in the spec(s). */
  operations: number;
  /** Operations the sweep sent and validated. */
  operationsChecked: number;
  checks: number;
  passed: number;
  /** Checks with a violation or an unmet expectation. */
  failed: number;
  skipped: number;
  violations: number;
}

export interface ReportTarget {
  url: string;
  mock: boolean;
  /** WuKongIM: the declared version the expectations follow. */
  version?: string | undefined;
  /** wildfire: the declared edition the expectations follow. */
  edition?: string | undefined;
  /** OpenChat: the URL layout the operations were sent at (`document`, `e233c52`, `v3`). */
  surface?: string | undefined;
}

export interface ContractReport {
  tool: { name: string; version: string };
  generatedAt: string;
  durationMs: number;
  /**
   * `write: false` is a read-only run: nothing that changes server state was sent. `fuzz` is set when
   * the property-based mode ran: its seed (give it to `--seed` to replay), runs per operation and time budget.
   */
  mode: { write: boolean; fuzz?: { seed: number; runs: number; seconds: number } | undefined };
  /** Prefix of every resource the scenarios created (and removed). */
  runPrefix: string;
  targets: Partial<Record<ApiName, ReportTarget>>;
  /** The webhook receiver checked (`--webhook-receiver`), when one was; its checks are of kind `webhook`. */
  webhook?: { api: ApiName; url: string } | undefined;
  /** True exactly when there are no violations and no failed checks. */
  ok: boolean;
  totals: ContractTotals;
  apis: Partial<Record<ApiName, ContractTotals>>;
  /** Per API, per operation: success path seen, statuses seen, violations. */
  coverage: Partial<Record<ApiName, OperationCoverage[]>>;
  checks: Check[];
}

export function totalsOf(checks: readonly Check[], operations: number): ContractTotals {
  return {
    operations,
    operationsChecked: checks.filter((c) => c.kind === "sweep" && c.outcome !== "skipped").length,
    checks: checks.length,
    passed: checks.filter((c) => c.outcome === "passed").length,
    failed: checks.filter((c) => c.outcome === "failed").length,
    skipped: checks.filter((c) => c.outcome === "skipped").length,
    violations: checks.reduce((n, c) => n + c.violations.length, 0),
  };
}

/** Assembles the report; `ok` is derived here and nowhere else. */
export function buildReport(input: Omit<ContractReport, "ok" | "totals" | "apis" | "generatedAt" | "coverage"> & { operations: Partial<Record<ApiName, number>>; coverage?: Partial<Record<ApiName, OperationCoverage[]>> }): ContractReport {
  const { operations, coverage: seen = {}, ...rest } = input;
  const coverage: Partial<Record<ApiName, OperationCoverage[]>> = {};
  for (const api of API_NAMES) {
    if (!input.targets[api]) continue;
    coverage[api] = (seen[api] ?? []).map((c) => {
      const about = input.checks.filter((k) => k.api === api);
      return {
        ...c,
        violations: about.reduce((n, k) => n + k.violations.filter((v) => v.operation === c.operation).length, 0),
        failed: about.filter((k) => k.outcome === "failed" && (k.operation === c.operation || k.violations.some((v) => v.operation === c.operation))).length,
      };
    });
  }
  const apis: Partial<Record<ApiName, ContractTotals>> = {};
  for (const api of API_NAMES) {
    if (input.targets[api]) apis[api] = totalsOf(input.checks.filter((c) => c.api === api), operations[api] ?? 0);
  }
  const totals = totalsOf(input.checks, Object.values(operations).reduce((a, b) => a + (b ?? 0), 0));
  return { ...rest, generatedAt: new Date().toISOString(), ok: totals.violations === 0 && totals.failed === 0, totals, apis, coverage };
}

/** One line per finding: what failed, where, what was expected and what came back. */
export function describeFailure(check: Check): string[] {
  const lines: string[] = [];
  if (check.actual !== undefined) lines.push(`${check.api} ${check.name}: expected ${check.expected}, got ${check.actual}`);
  for (const v of check.violations) lines.push(`${check.api} ${v.operation} (${v.method} ${v.path}) ${v.direction} ${v.at}: expected ${v.expected}, got ${v.actual}`);
  return lines;
}

export interface ReportFiles {
  json: string;
  markdown: string;
}

/** Writes contract-report.json and contract-report.md into `dir` (created if needed). */
export function writeReport(report: ContractReport, dir: string): ReportFiles {
  mkdirSync(dir, { recursive: true });
  const files = { json: path.join(dir, "contract-report.json"), markdown: path.join(dir, "contract-report.md") };
  writeFileSync(files.json, JSON.stringify(report, null, 2) + "\n");
  writeFileSync(files.markdown, markdown(report));
  return files;
}

/** The request as one line: method, path, query and body. */
export function requestLine(method: string, path: string, query: Record<string, string>, body: string | undefined): string {
  const search = new URLSearchParams(query).toString();
  return `${method} ${path}${search ? `?${search}` : ""}${body !== undefined ? ` ${body}` : ""}`;
}

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

export function markdown(report: ContractReport): string {
  const t = report.totals;
  const lines = [
    "# Contract report",
    "",
    `Generated ${report.generatedAt} by ${report.tool.name} ${report.tool.version} in ${(report.durationMs / 1000).toFixed(1)} s; ` +
      (report.mode.write ? "writes included" : "read-only: nothing that changes server state was sent") +
      `; run prefix \`${report.runPrefix}\`` +
      (report.mode.fuzz ? `; fuzzing with seed ${report.mode.fuzz.seed} (replay: \`--seed ${report.mode.fuzz.seed}\`), at most ${report.mode.fuzz.runs} requests per operation and ${report.mode.fuzz.seconds} s per API` : "") +
      ".",
    "",
    report.ok
      ? `**PASS**: ${plural(t.operationsChecked, "operation")} checked, ${plural(t.checks - t.skipped, "check")}, 0 violations, 0 failed checks.`
      : `**FAIL**: ${plural(t.violations, "violation")}, ${plural(t.failed, "failed check")} (${plural(t.operationsChecked, "operation")} checked, ${plural(t.checks - t.skipped, "check")}).`,
    "",
    "| API | target | declared | operations checked | checks passed | violations | failed checks | skipped |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const api of API_NAMES) {
    const target = report.targets[api];
    const a = report.apis[api];
    if (!target || !a) continue;
    const declared = target.version ? `version ${target.version}` : target.edition ? `${target.edition} edition` : target.surface ? `surface ${target.surface}` : "";
    lines.push(`| ${api} | ${target.url}${target.mock ? " (mock)" : ""} | ${declared} | ${a.operationsChecked} of ${a.operations} | ${a.passed} | ${a.violations} | ${a.failed} | ${a.skipped} |`);
  }
  const withViolations = report.checks.filter((c) => c.violations.length);
  if (withViolations.length) {
    lines.push("", "## Violations", "", "| API | operation | direction | at | expected | actual |", "|---|---|---|---|---|---|");
    for (const c of withViolations) {
      for (const v of c.violations) lines.push(`| ${c.api} | ${cell(`${v.operation} (${v.method} ${v.path})`)} | ${v.direction} | ${cell(v.at)} | ${cell(v.expected)} | ${cell(v.actual)} |`);
    }
  }
  const failed = report.checks.filter((c) => c.outcome === "failed" && c.actual !== undefined);
  if (failed.length) {
    lines.push("", "## Failed checks", "", "| API | check | expected | actual |", "|---|---|---|---|");
    for (const c of failed) lines.push(`| ${c.api} | ${cell(c.name)} | ${cell(c.expected)} | ${cell(c.actual ?? "")} |`);
  }
  const fuzzed = report.checks.filter((c) => c.kind === "fuzz" && c.fuzz);
  if (fuzzed.length) {
    const sent = fuzzed.reduce((n, c) => n + (c.fuzz?.runs ?? 0), 0);
    const failedFuzz = fuzzed.filter((c) => c.outcome === "failed");
    lines.push("", "## Fuzzing", "", `${plural(fuzzed.length, "operation")} fuzzed with ${plural(sent, "request")} (seed ${report.mode.fuzz?.seed ?? "?"}); ${plural(failedFuzz.length, "operation")} with a finding.`);
    if (failedFuzz.length) {
      lines.push("", "| API | operation | minimal failing request | what came back | seed |", "|---|---|---|---|---|");
      for (const c of failedFuzz) {
        const x = c.fuzz!.counterexample;
        const request = x ? `${x.valid ? "valid" : `invalid (${x.broken ?? ""})`}: \`${requestLine(x.method, x.path, x.query, x.body)}\`` : "";
        const what = [c.actual ?? "", ...c.violations.map((v) => `${v.at}: expected ${v.expected}, got ${v.actual}`)].filter(Boolean).join("; ");
        lines.push(`| ${c.api} | ${cell(c.operation ?? c.name)} | ${cell(request)} | ${cell(what)} | ${c.fuzz!.seed} |`);
      }
    }
  }
  for (const api of API_NAMES) {
    const rows = report.coverage[api];
    if (!rows?.length) continue;
    const present = rows.filter((r) => !r.absent);
    const reached = present.filter((r) => r.success).length;
    const unreachable = present.filter((r) => !r.success && r.unreachable).length;
    lines.push("", `## Coverage: ${api}`, "", `Success path seen for ${reached} of ${present.length} operations the declared server has (${unreachable} more cannot be reached on this server, reason given); ${plural(rows.length - present.length, "operation")} it lacks.`, "", "| operation | success path | statuses seen | violations | failed checks |", "|---|---|---|---|---|");
    for (const r of rows) {
      const statuses = Object.entries(r.statuses).map(([s, n]) => `${s}×${n}`).join(" ") || "—";
      const success = r.absent ? `n/a (absent: ${r.absent})` : r.success ? "yes" : r.unreachable ? `no: ${r.unreachable}` : "**no**";
      lines.push(`| ${cell(`${r.operation} (${r.method} ${r.path})`)} | ${cell(success)} | ${statuses} | ${r.violations} | ${r.failed} |`);
    }
  }
  const skipped = report.checks.filter((c) => c.outcome === "skipped");
  if (skipped.length) {
    lines.push("", "## Skipped", "");
    const reasons = new Map<string, Check[]>();
    for (const c of skipped) reasons.set(`${c.api}: ${c.note ?? "skipped"}`, [...(reasons.get(`${c.api}: ${c.note ?? "skipped"}`) ?? []), c]);
    for (const [reason, checks] of reasons) lines.push(`- ${cell(reason)} (${checks.length}): ${checks.map((c) => c.operation ?? c.name).join(", ")}`);
  }
  return lines.join("\n") + "\n";
}
