export { API_NAMES, files, operationsOf, pairMedia, readSpec, type ApiName, type Json, type JsonObject, type OperationInfo, type SchemaPlace } from "./spec.js";
export { IntendedChanges, loadIntended, covers, INTENDED_FILE, type IntendedChange } from "./intended.js";
export { compareStructure, type StructureReport } from "./structure.js";
export { compareVerdicts, describeDisagreements, DocumentValidator, type Disagreement, type VerdictOptions, type VerdictReport } from "./verdicts.js";
export { compareTypes, describeTypeFailures, typeChecks, type TypeReport } from "./types.js";
export { mutate, joins, sampleSchema } from "./values.js";

/**
 * How many values are generated per schema and mutations per value. `SPEC_EQUIVALENCE_RUNS`
 * raises the sample for a deeper local run (`SPEC_EQUIVALENCE_RUNS=200 npx vitest run --project
 * spec-equivalence`); `SPEC_EQUIVALENCE_SEED` replays another seed.
 */
function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name}=${raw} is not a positive integer; unset it or give e.g. ${name}=${fallback}`);
  return n;
}

export const VERDICT_DEFAULTS = {
  numRuns: positiveInteger("SPEC_EQUIVALENCE_RUNS", 32),
  mutationsPerValue: 4,
  seed: positiveInteger("SPEC_EQUIVALENCE_SEED", 20261204),
};
