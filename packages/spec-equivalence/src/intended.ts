// The contract changes made on purpose (intended-changes.yaml): each names an API, an operation
// (its `METHOD /path`, `webhook <event> METHOD`, or its operationId) and a place, with the reason.
// The checks skip those places by name and report them; an entry that names no existing place is
// an error, so the file cannot silently outlive what it describes.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { API_NAMES, PACKAGE_DIR, type ApiName } from "./spec.js";

export interface IntendedChange {
  api: ApiName;
  operation: string;
  /**
   * A place (`request body application/json`, `parameter query.limit`, `response 500 text/plain`,
   * `types response 500`), a prefix of places ending before a space (`response 500` covers every
   * media type of the 500, in the verdicts and the types), `operation` for the operation's shape
   * (check 1: parameters, status codes, operationId, media types), or `*` for all of it.
   */
  place: string;
  reason: string;
}

export const INTENDED_FILE = path.join(PACKAGE_DIR, "intended-changes.yaml");

/** Reads and checks the file; a malformed entry is an error that says which and why. */
export function loadIntended(file = INTENDED_FILE): IntendedChange[] {
  const doc = parse(readFileSync(file, "utf8")) as { changes?: unknown } | null;
  const raw = doc?.changes ?? [];
  if (!Array.isArray(raw)) throw new Error(`${file}: \`changes\` must be a list`);
  return raw.map((entry: unknown, i: number) => {
    const e = (entry ?? {}) as Record<string, unknown>;
    const problems: string[] = [];
    if (!API_NAMES.includes(e["api"] as ApiName)) problems.push(`api must be one of ${API_NAMES.join(", ")}`);
    for (const key of ["operation", "place", "reason"]) if (typeof e[key] !== "string" || (e[key] as string).trim() === "") problems.push(`${key} must be a non-empty string`);
    if (problems.length) throw new Error(`${file}: changes[${i}]: ${problems.join("; ")}`);
    return { api: e["api"] as ApiName, operation: String(e["operation"]), place: String(e["place"]), reason: String(e["reason"]) };
  });
}

/** Whether an entry covers the place of an operation (named by key or operationId). */
export function covers(change: IntendedChange, api: ApiName, operation: { key: string; operationId: string }, place: string): boolean {
  if (change.api !== api) return false;
  if (change.operation !== operation.key && change.operation !== operation.operationId) return false;
  return change.place === "*" || change.place === place || place.startsWith(`${change.place} `);
}

/** Remembers which entries were used, so the report can list skips and unused entries. */
export class IntendedChanges {
  readonly used = new Set<IntendedChange>();
  constructor(readonly changes: IntendedChange[]) {}

  /** The entry that covers this place, if any (and marks it used). */
  find(api: ApiName, operation: { key: string; operationId: string }, place: string): IntendedChange | undefined {
    const hit = this.changes.find((c) => covers(c, api, operation, place));
    if (hit) this.used.add(hit);
    return hit;
  }

  unused(api: ApiName): IntendedChange[] {
    return this.changes.filter((c) => c.api === api && !this.used.has(c));
  }
}
