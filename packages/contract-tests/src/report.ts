import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Violation } from "./validator.js";

/** One operation's outcome in a run. */
export interface OperationResult {
  api: string;
  operation: string;
  method: string;
  path: string;
  /** checked: request sent and answer validated; expected-missing: the declared server should not have it and indeed answered so; skipped-*: not sent, with why. */
  outcome: "checked" | "expected-missing" | "skipped-read-only" | "skipped-version" | "failed";
  status?: number | undefined;
  violations: Violation[];
  note?: string | undefined;
}

/** Results are written one file per test worker, then merged by the global teardown. */
export function writePartial(dir: string, name: string, results: OperationResult[]): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}-${process.pid}-${Date.now()}.json`), JSON.stringify(results));
}

export interface ContractReport {
  generatedAt: string;
  targets: Record<string, { url: string; real: boolean }>;
  totals: { operations: number; checked: number; violations: number; failedOperations: number };
  results: OperationResult[];
}

export function mergeReport(partialDir: string, outDir: string, targets: ContractReport["targets"]): ContractReport {
  const results: OperationResult[] = [];
  for (const file of readdirSync(partialDir, { withFileTypes: true })) {
    if (file.isFile() && file.name.endsWith(".json")) results.push(...(JSON.parse(readFileSync(path.join(partialDir, file.name), "utf8")) as OperationResult[]));
  }
  rmSync(partialDir, { recursive: true, force: true });
  results.sort((a, b) => `${a.api} ${a.path} ${a.method}`.localeCompare(`${b.api} ${b.path} ${b.method}`));
  const violations = results.flatMap((r) => r.violations);
  const report: ContractReport = {
    generatedAt: new Date().toISOString(),
    targets,
    totals: {
      operations: results.length,
      checked: results.filter((r) => r.outcome === "checked" || r.outcome === "failed").length,
      violations: violations.length,
      failedOperations: results.filter((r) => r.outcome === "failed").length,
    },
    results,
  };
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, "contract-report.json"), JSON.stringify(report, null, 2));
  writeFileSync(path.join(outDir, "contract-report.md"), markdown(report));
  return report;
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function markdown(report: ContractReport): string {
  const lines = [`# Contract report`, "", `Generated ${report.generatedAt}.`, "", "| API | target | kind |", "|---|---|---|"];
  for (const [api, t] of Object.entries(report.targets)) lines.push(`| ${api} | ${t.url} | ${t.real ? "real server" : "mock"} |`);
  const t = report.totals;
  lines.push("", `**${t.checked}** operations checked of ${t.operations}; **${t.violations}** violations in **${t.failedOperations}** operations.`, "");
  const byApi = new Map<string, OperationResult[]>();
  for (const r of report.results) byApi.set(r.api, [...(byApi.get(r.api) ?? []), r]);
  for (const [api, results] of byApi) {
    const count = (o: OperationResult["outcome"]) => results.filter((r) => r.outcome === o).length;
    lines.push(`## ${api}`, "", `checked ${count("checked")}, failed ${count("failed")}, expected missing ${count("expected-missing")}, skipped (read-only) ${count("skipped-read-only")}, skipped (version/edition) ${count("skipped-version")}`, "");
    const failed = results.filter((r) => r.violations.length);
    if (failed.length) {
      lines.push("| operation | direction | at | expected | actual |", "|---|---|---|---|---|");
      for (const r of failed) for (const v of r.violations) lines.push(`| ${cell(`${v.operation} (${v.method} ${v.path})`)} | ${v.direction} | ${cell(v.at)} | ${cell(v.expected)} | ${cell(v.actual)} |`);
      lines.push("");
    }
  }
  return lines.join("\n") + "\n";
}
