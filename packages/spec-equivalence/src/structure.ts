// Check 1: the same operations (and webhooks), with the same operationIds, parameters
// (name, in, required), request body presence and requiredness, and response status codes.
import type { IntendedChange, IntendedChanges } from "./intended.js";
import { operationsOf, pairMedia, type ApiName, type JsonObject, type OperationInfo } from "./spec.js";

export interface StructureReport {
  api: ApiName;
  operations: number;
  differences: string[];
  skipped: { operation: string; change: IntendedChange; differences: string[] }[];
  /** Media types that changed (compared across the change by checks 2 and 3, listed here). */
  mediaChanges: string[];
}

const params = (op: OperationInfo) => op.parameters.map((p) => `${p.in}.${p.name}${p.required ? " (required)" : ""}`).sort();

function differencesOf(before: OperationInfo, after: OperationInfo, mediaChanges: string[]): string[] {
  const out: string[] = [];
  if (before.operationId !== after.operationId) out.push(`operationId ${before.operationId} became ${after.operationId}`);
  const pb = params(before);
  const pa = params(after);
  for (const p of pb.filter((x) => !pa.includes(x))) out.push(`parameter ${p} is gone or changed`);
  for (const p of pa.filter((x) => !pb.includes(x))) out.push(`parameter ${p} is new or changed`);
  if (!!before.requestBody !== !!after.requestBody) out.push(before.requestBody ? "the request body is gone" : "a request body is new");
  else if (before.requestBody && after.requestBody) {
    if (before.requestBody.required !== after.requestBody.required) out.push(`the request body became ${after.requestBody.required ? "required" : "optional"}`);
    const m = pairMedia(before.requestBody.media, after.requestBody.media);
    for (const x of m.onlyBefore) out.push(`request body media type ${x} is gone`);
    for (const x of m.onlyAfter) out.push(`request body media type ${x} is new`);
    for (const [x, y] of m.pairs) if (x !== y) mediaChanges.push(`${before.key} request body: ${x} → ${y}`);
  }
  const sb = Object.keys(before.responses);
  const sa = Object.keys(after.responses);
  for (const s of sb.filter((x) => !sa.includes(x))) out.push(`response ${s} is gone`);
  for (const s of sa.filter((x) => !sb.includes(x))) out.push(`response ${s} is new`);
  for (const s of sb.filter((x) => sa.includes(x))) {
    const m = pairMedia(before.responses[s]!, after.responses[s]!);
    for (const x of m.onlyBefore) out.push(`response ${s} media type ${x} is gone`);
    for (const x of m.onlyAfter) out.push(`response ${s} media type ${x} is new`);
    for (const [x, y] of m.pairs) if (x !== y) mediaChanges.push(`${before.key} response ${s}: ${x} → ${y}`);
  }
  return out;
}

export function compareStructure(api: ApiName, beforeDoc: JsonObject, afterDoc: JsonObject, intended?: IntendedChanges): StructureReport {
  const report: StructureReport = { api, operations: 0, differences: [], skipped: [], mediaChanges: [] };
  const before = operationsOf(beforeDoc);
  const after = new Map(operationsOf(afterDoc).map((op) => [op.key, op]));
  const add = (op: Pick<OperationInfo, "key" | "operationId">, differences: string[]) => {
    if (differences.length === 0) return;
    const change = intended?.find(api, op, "operation");
    if (change) report.skipped.push({ operation: op.key, change, differences });
    else report.differences.push(...differences.map((d) => `${op.key} (${op.operationId}): ${d}`));
  };
  for (const op of before) {
    report.operations++;
    const now = after.get(op.key);
    after.delete(op.key);
    add(op, now ? differencesOf(op, now, report.mediaChanges) : ["is gone from the current spec"]);
  }
  for (const op of after.values()) add(op, ["is new in the current spec"]);
  return report;
}
