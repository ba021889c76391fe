// Check 3: the types openapi-typescript generated before and now are mutually assignable, operation
// by operation: the request body, the parameters, and each response's content (per media type
// when one changed). A .ts file of assignments is written to a temporary folder beside copies of
// both schema files and compiled with the workspace's TypeScript; each failing assignment is traced
// back to its operation and place.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ts from "typescript";
import type { IntendedChange, IntendedChanges } from "./intended.js";
import { operationsOf, pairMedia, type ApiName, type JsonObject } from "./spec.js";

export interface TypeCheck {
  operation: string;
  operationId: string;
  place: string;
  before: string;
  after: string;
}

export interface TypeFailure {
  operation: string;
  place: string;
  /** `baseline → current` when the baseline's type is not assignable to the current one, else the reverse. */
  direction: string;
  message: string;
}

export interface TypeReport {
  api: ApiName;
  checks: number;
  failures: TypeFailure[];
  /** Diagnostics outside the generated assignments (a schema file that does not compile). */
  otherDiagnostics: string[];
  skipped: { operation: string; place: string; change: IntendedChange }[];
  milliseconds: number;
}

const lit = (s: string) => JSON.stringify(s);

/** The type expressions to compare for every operation present in both documents. */
export function typeChecks(api: ApiName, beforeDoc: JsonObject, afterDoc: JsonObject, intended?: IntendedChanges, skipped: TypeReport["skipped"] = []): TypeCheck[] {
  const after = new Map(operationsOf(afterDoc).map((op) => [op.key, op]));
  const checks: TypeCheck[] = [];
  for (const op of operationsOf(beforeDoc)) {
    const now = after.get(op.key);
    if (!now) continue;
    const root = op.section === "paths" ? "paths" : "webhooks";
    const at = (side: "Before" | "After") => `${side}${root === "paths" ? "Paths" : "Webhooks"}[${lit(op.name)}][${lit(op.method)}]`;
    const add = (place: string, before: string, after: string) => {
      const change = intended?.find(api, op, place);
      if (change) skipped.push({ operation: op.key, place, change });
      else checks.push({ operation: op.key, operationId: op.operationId, place, before, after });
    };
    add("types parameters", `${at("Before")}["parameters"]`, `${at("After")}["parameters"]`);
    add("types request body", `${at("Before")}["requestBody"]`, `${at("After")}["requestBody"]`);
    for (const [status, mediaBefore] of Object.entries(op.responses)) {
      const mediaAfter = now.responses[status];
      if (!mediaAfter) continue; // check 1 reports it
      const response = (side: "Before" | "After") => `${at(side)}["responses"][${lit(status)}]`;
      const { pairs } = pairMedia(mediaBefore, mediaAfter);
      if (pairs.every(([b, a]) => b === a)) {
        add(`types response ${status}`, `${response("Before")}["content"]`, `${response("After")}["content"]`);
      } else {
        for (const [b, a] of pairs) add(`types response ${status} ${b}`, `${response("Before")}["content"][${lit(b)}]`, `${response("After")}["content"][${lit(a)}]`);
      }
    }
  }
  return checks;
}

const header = `import type { paths as BeforePaths, webhooks as BeforeWebhooks } from "./before";
import type { paths as AfterPaths, webhooks as AfterWebhooks } from "./after";
`;

/** Writes the check file beside copies of both schema files, compiles it, and maps errors to places. */
export function compareTypes(api: ApiName, beforeDoc: JsonObject, afterDoc: JsonObject, beforeTypes: string, afterTypes: string, intended?: IntendedChanges): TypeReport {
  const started = Date.now();
  const skipped: TypeReport["skipped"] = [];
  const checks = typeChecks(api, beforeDoc, afterDoc, intended, skipped);
  const dir = mkdtempSync(path.join(tmpdir(), `spec-equivalence-${api}-`));
  try {
    copyFileSync(beforeTypes, path.join(dir, "before.ts"));
    copyFileSync(afterTypes, path.join(dir, "after.ts"));
    const lines = header.split("\n");
    // Each check takes exactly two lines: baseline → current, then current → baseline.
    const lineOf = new Map<number, { check: TypeCheck; direction: string }>();
    checks.forEach((check, i) => {
      lines.push(`// ${check.operation} · ${check.place}`);
      lineOf.set(lines.length, { check, direction: "baseline → current" });
      lines.push(`export function before${i}(x: ${check.before}): ${check.after} { return x; }`);
      lineOf.set(lines.length, { check, direction: "current → baseline" });
      lines.push(`export function after${i}(x: ${check.after}): ${check.before} { return x; }`);
    });
    const file = path.join(dir, "check.ts");
    writeFileSync(file, `${lines.join("\n")}\n`);
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      skipLibCheck: true,
      types: [],
      lib: ["lib.es2022.d.ts"],
    });
    const failures: TypeFailure[] = [];
    const otherDiagnostics: string[] = [];
    for (const d of ts.getPreEmitDiagnostics(program)) {
      const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
      if (d.file && path.basename(d.file.fileName) === "check.ts" && d.start !== undefined) {
        const line = d.file.getLineAndCharacterOfPosition(d.start).line; // 0-based: index into `lines`
        const hit = lineOf.get(line);
        if (hit) {
          failures.push({ operation: hit.check.operation, place: hit.check.place, direction: hit.direction, message });
          continue;
        }
      }
      const where = d.file ? `${path.basename(d.file.fileName)}:${d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : "?"}` : "";
      otherDiagnostics.push(`${where} ${message}`.trim());
    }
    return { api, checks: checks.length, failures, otherDiagnostics, skipped, milliseconds: Date.now() - started };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function describeTypeFailures(report: TypeReport, limit = 8): string {
  const first = report.failures.slice(0, limit).map((f) => `${report.api} ${f.operation} ${f.place} (${f.direction}):\n    ${f.message.split("\n").slice(0, 6).join("\n    ")}`);
  const other = report.otherDiagnostics.slice(0, limit).map((d) => `${report.api}: ${d}`);
  const more = report.failures.length > limit ? `\n… ${report.failures.length - limit} more` : "";
  return `${report.failures.length} type checks fail${report.otherDiagnostics.length ? `, ${report.otherDiagnostics.length} other diagnostics` : ""}:\n${[...other, ...first].join("\n")}${more}`;
}
