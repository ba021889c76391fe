import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { API_NAMES, type ApiName } from "@im-openapi/mock";
import type { Violation } from "./validator.js";

/**
 * What produced a check. `sweep`: one operation sent with the spec's example request;
 * `scenario`: one step of a stateful scenario or a server behaviour (signatures, login).
 * New modes add their own kind here.
 */
export type CheckKind = "sweep" | "scenario";

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
  /** The HTTP status of the (last) answer. */
  status?: number | undefined;
  /** Places where a request or answer does not match the spec, each with its JSON path. */
  violations: Violation[];
  /** Why the check was skipped. */
  note?: string | undefined;
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
}

export interface ContractReport {
  tool: { name: string; version: string };
  generatedAt: string;
  durationMs: number;
  /** `write: false` is a read-only run: nothing that changes server state was sent. */
  mode: { write: boolean };
  /** Prefix of every resource the scenarios created (and removed). */
  runPrefix: string;
  targets: Partial<Record<ApiName, ReportTarget>>;
  /** True exactly when there are no violations and no failed checks. */
  ok: boolean;
  totals: ContractTotals;
  apis: Partial<Record<ApiName, ContractTotals>>;
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
export function buildReport(input: Omit<ContractReport, "ok" | "totals" | "apis" | "generatedAt"> & { operations: Partial<Record<ApiName, number>> }): ContractReport {
  const { operations, ...rest } = input;
  const apis: Partial<Record<ApiName, ContractTotals>> = {};
  for (const api of API_NAMES) {
    if (input.targets[api]) apis[api] = totalsOf(input.checks.filter((c) => c.api === api), operations[api] ?? 0);
  }
  const totals = totalsOf(input.checks, Object.values(operations).reduce((a, b) => a + (b ?? 0), 0));
  return { ...rest, generatedAt: new Date().toISOString(), ok: totals.violations === 0 && totals.failed === 0, totals, apis };
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

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

export function markdown(report: ContractReport): string {
  const t = report.totals;
  const lines = [
    "# Contract report",
    "",
    `Generated ${report.generatedAt} by ${report.tool.name} ${report.tool.version} in ${(report.durationMs / 1000).toFixed(1)} s; ` +
      (report.mode.write ? "writes included" : "read-only: nothing that changes server state was sent") +
      `; run prefix \`${report.runPrefix}\`.`,
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
    const declared = target.version ? `version ${target.version}` : target.edition ? `${target.edition} edition` : "";
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
  const skipped = report.checks.filter((c) => c.outcome === "skipped");
  if (skipped.length) {
    lines.push("", "## Skipped", "");
    const reasons = new Map<string, Check[]>();
    for (const c of skipped) reasons.set(`${c.api}: ${c.note ?? "skipped"}`, [...(reasons.get(`${c.api}: ${c.note ?? "skipped"}`) ?? []), c]);
    for (const [reason, checks] of reasons) lines.push(`- ${cell(reason)} (${checks.length}): ${checks.map((c) => c.operation ?? c.name).join(", ")}`);
  }
  return lines.join("\n") + "\n";
}
