// The baseline (before the spec rewrite) against the current bundled specs and generated types.
import { describe, expect, it } from "vitest";
import {
  API_NAMES,
  IntendedChanges,
  VERDICT_DEFAULTS,
  compareStructure,
  compareTypes,
  compareVerdicts,
  describeDisagreements,
  describeTypeFailures,
  files,
  loadIntended,
  readSpec,
} from "../src/index.js";

const intended = new IntendedChanges(loadIntended());
const skipLines = (skipped: { operation: string; place?: string; change: { reason: string } }[]) =>
  skipped.map((s) => `  skipped ${s.operation}${s.place ? ` ${s.place}` : ""}: ${s.change.reason}`).join("\n");

describe.each(API_NAMES)("%s", (api) => {
  const paths = files(api);
  const before = readSpec(paths.baselineSpec);
  const after = readSpec(paths.currentSpec);

  it("has the same operations, operationIds, parameters and response status codes", () => {
    const report = compareStructure(api, before, after, intended);
    // `POST /x response 500: */* → text/plain`, grouped by the change so 100 operations take one line.
    const changes = new Map<string, string[]>();
    for (const m of report.mediaChanges) {
      const [, op, what] = /^(.*?) ((?:request body|response \S+): .*)$/.exec(m) ?? [m, m, m];
      changes.set(what!, [...(changes.get(what!) ?? []), op!]);
    }
    const mediaLines = [...changes].map(([what, ops]) => `  media type changed (checks 2 and 3 compare across it): ${what} in ${ops.length} operation(s): ${ops.slice(0, 3).join(", ")}${ops.length > 3 ? ", …" : ""}`);
    const notes = [...mediaLines, skipLines(report.skipped)].filter(Boolean);
    console.log(`${api}: ${report.operations} operations compared${notes.length ? `\n${notes.join("\n")}` : ""}`);
    expect(report.operations).toBeGreaterThan(0);
    expect(report.differences, `${api}: the operations differ from the baseline:\n${report.differences.join("\n")}`).toEqual([]);
  });

  it("gives the same Ajv verdict as the baseline on examples, generated and mutated values", () => {
    const started = Date.now();
    const report = compareVerdicts(api, before, after, { ...VERDICT_DEFAULTS, intended });
    console.log(`${api}: ${report.values} values judged in ${report.places} places in ${Date.now() - started} ms, ${report.disagreements.length} disagreements${report.skipped.length ? `\n${skipLines(report.skipped)}` : ""}`);
    expect(report.places).toBeGreaterThan(0);
    expect(report.disagreements.length, describeDisagreements(report)).toBe(0);
    expect(report.unmatched, `${api}: places with a schema on one side only:\n${report.unmatched.join("\n")}`).toEqual([]);
  });

  it("generates mutually assignable types for every operation", () => {
    const report = compareTypes(api, before, after, paths.baselineTypes, paths.currentTypes, intended);
    console.log(`${api}: ${report.checks} type pairs compiled both ways in ${report.milliseconds} ms${report.skipped.length ? `\n${skipLines(report.skipped)}` : ""}`);
    expect(report.checks).toBeGreaterThan(0);
    expect(report.failures.length + report.otherDiagnostics.length, describeTypeFailures(report)).toBe(0);
  });
});
