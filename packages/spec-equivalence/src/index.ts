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
export const VERDICT_DEFAULTS = {
  numRuns: Number(process.env["SPEC_EQUIVALENCE_RUNS"] ?? 40),
  mutationsPerValue: 4,
  seed: Number(process.env["SPEC_EQUIVALENCE_SEED"] ?? 20261204),
};
