// How an answer is judged beyond its schema. Three answers look alike on the wire but mean different
// things, and none of them is a pass by being "declared":
// - route absent: the server has no such route (WuKongIM's `404 page not found`, wildfire's HTTP 500
//   with an empty body for an unknown path or a wrong method, OpenChat's `Cannot POST /x`);
// - a crashed handler: wildfire's HTTP 500 with the Java exception text;
// - an answer: anything else, judged against the spec.
import { existsInVersion, type ApiName } from "@im-openapi/mock";
import { shortText } from "./expect.js";
import { deref, type JsonObject, type Operation, type Spec } from "./spec.js";
import type { Target } from "./targets.js";
import type { ContractValidator, ExchangeRecord, Violation } from "./validator.js";

export type AnswerKind = "route-absent" | "crashed-handler" | "answer";

/** How each server answers a route it does not have, in words. */
export const MISSING_ROUTE_WORDS: Readonly<Record<ApiName, string>> = {
  wukongim: "HTTP 404 `404 page not found`",
  wildfire: "HTTP 500 with an empty body",
  openchat: "HTTP 404 `Cannot <METHOD> <path>`",
};

/** What kind of answer this is. */
export function classifyAnswer(api: ApiName, exchange: ExchangeRecord): AnswerKind {
  const body = exchange.bodyText;
  if (api === "wukongim") return exchange.status === 404 && body.trim() === "404 page not found" ? "route-absent" : "answer";
  if (api === "wildfire") {
    if (exchange.status !== 500) return "answer";
    return body === "" ? "route-absent" : "crashed-handler";
  }
  return exchange.status === 404 && /Cannot [A-Z]+ \//.test(body) ? "route-absent" : "answer";
}

/** Why the declared server should not have the operation, or undefined when it should. */
export function absenceReason(op: Operation, target: Target, specVersion: string): string | undefined {
  if (op.api === "wukongim") {
    const version = target.version ?? specVersion;
    if (existsInVersion(op, version)) return undefined;
    return op.removedIn ? `removed in ${op.removedIn}; the server is declared ${version}` : `added in ${op.since}; the server is declared ${version}`;
  }
  if (op.api === "wildfire") {
    if (op.edition === "docs-only") return "documented but not served by any edition";
    if (op.edition === "pro" && target.edition === "community") return "pro edition only; the server is declared community";
  }
  return undefined;
}

/**
 * When the spec says a spec-valid request can crash this operation's handler: the operation's own
 * HTTP 500 answer carries `x-handler-crash`, a sentence saying when. Undefined when it does not.
 */
export function declaredCrash(spec: Spec, op: Operation): string | undefined {
  const responses = (op.node["responses"] ?? {}) as JsonObject;
  const node = deref(spec.doc, responses["500"], "").node as JsonObject | undefined;
  const note = node?.["x-handler-crash"];
  return typeof note === "string" ? note : undefined;
}

export interface Judgement {
  kind: AnswerKind;
  /** Schema violations of the answer (status, content type, body). */
  violations: Violation[];
  /** A finding that is not a schema violation, in words (route absent, undeclared crash). */
  failure?: { expected: string; actual: string } | undefined;
}

/**
 * Judges one answer. `absent` is why the declared server should lack the route (then only the
 * missing-route answer passes); `validRequest` says whether the request kept the spec, since a
 * crash on a request the spec forbids is the server's documented answer to bad input.
 */
export function judgeAnswer(args: { spec: Spec; validator: ContractValidator; op: Operation; target: Target; exchange: ExchangeRecord; validRequest: boolean; absent?: string | undefined }): Judgement {
  const { spec, validator, op, target, exchange } = args;
  const kind = classifyAnswer(target.api, exchange);
  const got = `HTTP ${exchange.status} ${shortText(exchange.bodyText, 160)}`;
  if (args.absent) {
    if (kind === "route-absent") return { kind, violations: [] };
    return { kind, violations: [], failure: { expected: `${MISSING_ROUTE_WORDS[target.api]}, as for a missing route (${args.absent})`, actual: got } };
  }
  if (kind === "route-absent") {
    return { kind, violations: [], failure: { expected: `an answer from the route (the declared server has ${op.method} ${op.path}), not ${MISSING_ROUTE_WORDS[target.api]}, which means the route is absent`, actual: got } };
  }
  const violations = validator.validateResponse(op, exchange);
  if (kind === "crashed-handler" && args.validRequest && !declaredCrash(spec, op)) {
    return { kind, violations, failure: { expected: "no crash on a request the spec allows (the operation declares none: no x-handler-crash on its 500)", actual: got } };
  }
  return { kind, violations };
}

/**
 * Whether an answer is the operation's success path: WuKongIM 2xx/3xx without an error status in
 * the body (`{"status": 404}` is its "not found"), wildfire HTTP 200 with code 0, OpenChat 2xx
 * without `success: false`.
 */
export function isSuccess(api: ApiName, exchange: ExchangeRecord): boolean {
  if (exchange.status >= 400 || exchange.status < 200) return false;
  let body: unknown;
  try {
    body = exchange.bodyText ? JSON.parse(exchange.bodyText) : undefined;
  } catch {
    body = undefined;
  }
  const field = (name: string): unknown => (body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>)[name] : undefined);
  if (api === "wukongim") {
    // Its error shapes: `{"status": 404}` (not found) and `{"msg": "...", "status": 400}`. Other
    // bodies may have a numeric `status` of their own (a node's or a slot's).
    const status = field("status");
    const errorShape = body !== null && typeof body === "object" && !Array.isArray(body) && Object.keys(body).every((k) => k === "status" || k === "msg");
    return !(errorShape && typeof status === "number" && status !== 200);
  }
  if (api === "wildfire") return exchange.status === 200 && field("code") === 0;
  return field("success") !== false;
}
