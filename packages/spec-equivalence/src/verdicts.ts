// Check 2: the old and the new document give the same Ajv verdict, place by place, on the union of
// both documents' examples, values generated from both schemas, and mutations of those.
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { IntendedChange, IntendedChanges } from "./intended.js";
import { ODD_VALUES, joins, mutate, random, sampleSchema } from "./values.js";
import { deref, operationsOf, pairMedia, type ApiName, type Json, type JsonObject, type OperationInfo, type SchemaPlace } from "./spec.js";

// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** Compiles schemas of one bundled document by pointer, configured as the contract suite's validator. */
export class DocumentValidator {
  private readonly ajv: Ajv2020;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(readonly doc: JsonObject) {
    this.ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true, logger: false });
    addFormats(this.ajv);
    this.ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
    this.ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
    this.ajv.addSchema(doc as object, "spec");
  }

  validator(pointer: string): ValidateFunction {
    let fn = this.cache.get(pointer);
    if (!fn) {
      const fragment = pointer.replace(/^#/, "").split("/").map((p) => encodeURIComponent(p)).join("/");
      fn = this.ajv.compile({ $ref: `spec#${fragment}` });
      this.cache.set(pointer, fn);
    }
    return fn;
  }

  verdict(pointer: string, value: Json): boolean {
    return this.validator(pointer)(value) === true;
  }
}

export interface Disagreement {
  operation: string;
  operationId: string;
  place: string;
  /** The place in the new document when it is named differently (a media type that changed). */
  placeAfter: string;
  value: Json;
  before: boolean;
  after: boolean;
}

export interface VerdictOptions {
  /** Values generated from each of the two schemas of a place. */
  numRuns: number;
  /** Mutations of each generated value and example. */
  mutationsPerValue: number;
  seed: number;
  intended?: IntendedChanges | undefined;
  /** Compare only the operations this accepts (by default all). */
  only?: ((operation: OperationInfo) => boolean) | undefined;
}

export interface VerdictReport {
  api: ApiName;
  places: number;
  /** Distinct values judged by both documents, over all places. */
  values: number;
  disagreements: Disagreement[];
  /** Places skipped because intended-changes.yaml names them. */
  skipped: { operation: string; place: string; change: IntendedChange }[];
  /** Places with a schema on one side only (a schema added or removed, a media type or parameter gone). */
  unmatched: string[];
  /** Media types compared across a change: `POST /x response 500: text/plain → application/json`. */
  mediaChanges: string[];
}

const placeMap = (op: OperationInfo) => new Map(op.places.map((p) => [p.place, p]));

/** The pairs of places to compare for one operation present on both sides. */
export function pairPlaces(before: OperationInfo, after: OperationInfo, report: Pick<VerdictReport, "unmatched" | "mediaChanges">): [SchemaPlace, SchemaPlace][] {
  const b = placeMap(before);
  const a = placeMap(after);
  const out: [SchemaPlace, SchemaPlace][] = [];
  const groups = new Map<string, { before: string[]; after: string[] }>();
  const group = (place: string) => {
    // `request body <media>` and `response <status> <media>` group by what precedes the media type.
    const m = /^(request body|response \S+) (.+)$/.exec(place);
    return m ? { id: m[1]!, media: m[2]! } : undefined;
  };
  for (const [side, map] of [["before", b], ["after", a]] as const) {
    for (const place of map.keys()) {
      const g = group(place);
      if (!g) continue;
      const entry = groups.get(g.id) ?? { before: [], after: [] };
      entry[side].push(g.media);
      groups.set(g.id, entry);
    }
  }
  for (const [place, p] of b) if (!group(place)) a.has(place) ? out.push([p, a.get(place)!]) : report.unmatched.push(`${before.key} ${place} (only in the baseline)`);
  for (const place of a.keys()) if (!group(place) && !b.has(place)) report.unmatched.push(`${before.key} ${place} (only in the current spec)`);
  for (const [id, media] of groups) {
    const { pairs, onlyBefore, onlyAfter } = pairMedia(media.before, media.after);
    for (const [mb, ma] of pairs) {
      out.push([b.get(`${id} ${mb}`)!, a.get(`${id} ${ma}`)!]);
      if (mb !== ma) report.mediaChanges.push(`${before.key} ${id}: ${mb} → ${ma}`);
    }
    for (const m of onlyBefore) report.unmatched.push(`${before.key} ${id} ${m} (only in the baseline)`);
    for (const m of onlyAfter) report.unmatched.push(`${before.key} ${id} ${m} (only in the current spec)`);
  }
  return out;
}

/** The examples a schema carries itself (`examples`, `example`), after following $refs. */
function schemaExamples(doc: JsonObject, pointer: string): Json[] {
  const { node } = deref(doc, { $ref: pointer }, pointer);
  const out: Json[] = [];
  if (Array.isArray(node?.["examples"])) out.push(...(node["examples"] as Json[]));
  if (node?.["example"] !== undefined) out.push(node["example"]);
  return out;
}

/** A stable 32-bit number for a text (the per-place seed). */
function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Compares the verdicts of two bundled documents of one API. */
export function compareVerdicts(api: ApiName, beforeDoc: JsonObject, afterDoc: JsonObject, options: VerdictOptions): VerdictReport {
  const before = new DocumentValidator(beforeDoc);
  const after = new DocumentValidator(afterDoc);
  const report: VerdictReport = { api, places: 0, values: 0, disagreements: [], skipped: [], unmatched: [], mediaChanges: [] };
  const afterOps = new Map(operationsOf(afterDoc).map((op) => [op.key, op]));
  for (const opBefore of operationsOf(beforeDoc)) {
    const opAfter = afterOps.get(opBefore.key);
    if (!opAfter) continue; // check 1 reports missing operations
    if (options.only && !options.only(opBefore)) continue;
    const sides = { unmatched: [] as string[], mediaChanges: report.mediaChanges };
    const pairs = pairPlaces(opBefore, opAfter, sides);
    // A schema on one side only is a contract change unless the operation's shape is listed as intended.
    if (sides.unmatched.length && !options.intended?.find(api, opBefore, "operation")) report.unmatched.push(...sides.unmatched);
    for (const [pb, pa] of pairs) {
      const change = options.intended?.find(api, opBefore, pb.place) ?? (pa.place !== pb.place ? options.intended?.find(api, opBefore, pa.place) : undefined);
      if (change) {
        report.skipped.push({ operation: opBefore.key, place: pb.place, change });
        continue;
      }
      report.places++;
      const seed = (options.seed ^ hash(`${api} ${opBefore.key} ${pb.place}`)) >>> 0;
      const next = random(seed);
      const generated = [...sampleSchema(beforeDoc, pb.schemaPointer, options.numRuns, seed), ...sampleSchema(afterDoc, pa.schemaPointer, options.numRuns, seed + 1)];
      const examples = [...pb.examples, ...pa.examples, ...schemaExamples(beforeDoc, pb.schemaPointer), ...schemaExamples(afterDoc, pa.schemaPointer)];
      const base = [...examples, ...generated, ...joins(generated)];
      const values = [...base, ...base.flatMap((v) => mutate(v, options.mutationsPerValue, next)), ...ODD_VALUES];
      const seen = new Set<string>();
      for (const value of values) {
        const text = JSON.stringify(value);
        if (seen.has(text)) continue;
        seen.add(text);
        const vb = before.verdict(pb.schemaPointer, value);
        const va = after.verdict(pa.schemaPointer, value);
        if (vb !== va) report.disagreements.push({ operation: opBefore.key, operationId: opBefore.operationId, place: pb.place, placeAfter: pa.place, value, before: vb, after: va });
      }
      report.values += seen.size;
    }
  }
  return report;
}

const shorten = (text: string, max = 400) => (text.length > max ? `${text.slice(0, max - 3)}...` : text);

/** One line per disagreement (the first `limit`), for a failing test's message. */
export function describeDisagreements(report: VerdictReport, limit = 12): string {
  const lines = report.disagreements.slice(0, limit).map((d) => {
    const where = d.placeAfter === d.place ? d.place : `${d.place} → ${d.placeAfter}`;
    return `${report.api} ${d.operation} (${d.operationId}) ${where}: value ${shorten(JSON.stringify(d.value))} is ${d.before ? "valid" : "invalid"} in the baseline but ${d.after ? "valid" : "invalid"} now`;
  });
  const places = new Set(report.disagreements.map((d) => `${d.operation} ${d.place}`));
  const more = report.disagreements.length > limit ? `\n… ${report.disagreements.length - limit} more` : "";
  return `${report.disagreements.length} verdicts differ in ${places.size} places:\n${lines.join("\n")}${more}`;
}
