// Per-test answers and faults: "answer the next sendMessage with this", "reset the connection of
// every getUserInfo for u1", "answer 503 with Retry-After twice". The newest override that matches a
// request answers it; one with `times` is used up after that many requests.
import { API_NAMES, MockError, type ApiName } from "./apis.js";
import type { Contract } from "./contract.js";
import { isObject, stringifyJson, type Json } from "./json.js";

/** An answer given as a status and a body. The body is checked against the spec unless `offContract` is set. */
export interface StatusReply {
  status: number;
  /** An object or array is sent as JSON (bigint as a JSON integer); a string is sent as it is. Default: no body. */
  body?: unknown;
  /** Extra response headers. `content-type` defaults to the first media type the spec declares for the status. */
  headers?: Record<string, string>;
  /** Send it even though the spec does not allow it (a server bug or a proxy's answer your code must survive). */
  offContract?: boolean;
  /** Wait this long before answering. */
  delayMs?: number;
}

/** One of the operation's named response examples, as `Prefer: example=<name>` picks it. */
export interface ExampleReply {
  example: string;
  delayMs?: number;
}

/** Faults a network or a server under stress produces. */
export type FaultReply =
  /** The connection is reset without an answer. */
  | { fault: "reset" }
  /** The answer the mock would give, after `ms` milliseconds. */
  | { fault: "delay"; ms: number }
  /** No answer at all: the request is held until the client gives up, `ms` passes (then the connection is closed), or the override is removed. */
  | { fault: "stall"; ms?: number }
  /** The answer's headers promise the whole body, then the connection closes after `bytes` bytes of it (default: half). */
  | { fault: "truncate"; bytes?: number }
  /** HTTP 503 with `Retry-After: <retryAfter>` (seconds, default 1), as a proxy or a restarting server answers. */
  | { fault: "unavailable"; retryAfter?: number };

export type OverrideReply = StatusReply | ExampleReply | FaultReply;

/** A request as an override's `match` function sees it. */
export interface MatchableRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: Json | undefined;
}

/** Which requests an override answers, besides its operation: every field given must match. */
export interface OverrideMatch {
  /** A partial body: every member given must be equal in the request (nested objects likewise, arrays in full). */
  body?: Json;
  query?: Record<string, string>;
  /** Header values by name (any case). */
  headers?: Record<string, string>;
}

export interface OverrideOptions {
  /** Which mock; may be left out when only one API is started. */
  api?: ApiName;
  /** The operationId the override answers, e.g. `sendMessage`. */
  operation: string;
  match?: OverrideMatch | ((request: MatchableRequest) => boolean);
  /** Answer this many requests, then stop. Default: every matching request until removed. */
  times?: number;
  reply: OverrideReply;
}

export interface OverrideHandle {
  readonly id: string;
  /** How many requests it has answered. */
  readonly used: number;
  /** How many more it will answer (undefined: no limit). */
  readonly remaining: number | undefined;
  /** Stops it; requests it is stalling are released (their connections closed). */
  remove(): void;
}

/** An override as the mock keeps it. */
export interface ActiveOverride {
  id: string;
  api: ApiName;
  operation: string;
  match: OverrideOptions["match"];
  reply: OverrideReply;
  remaining: number | undefined;
  used: number;
}

function deepMatch(expected: unknown, actual: unknown): boolean {
  if (typeof expected === "bigint" || typeof actual === "bigint") {
    return (typeof expected === "bigint" || typeof expected === "number") && (typeof actual === "bigint" || typeof actual === "number") && String(expected) === String(actual);
  }
  if (Array.isArray(expected)) return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => deepMatch(e, actual[i]));
  if (isObject(expected)) return isObject(actual) && Object.entries(expected).every(([k, v]) => deepMatch(v, actual[k]));
  return Object.is(expected, actual);
}

function matchesRequest(match: OverrideOptions["match"], request: MatchableRequest): boolean {
  if (match === undefined) return true;
  if (typeof match === "function") return match(request);
  if (match.body !== undefined && !deepMatch(match.body, request.body)) return false;
  for (const [name, value] of Object.entries(match.query ?? {})) {
    const got = request.query[name];
    if ((Array.isArray(got) ? got[0] : got) !== value) return false;
  }
  for (const [name, value] of Object.entries(match.headers ?? {})) if (request.headers[name.toLowerCase()] !== value) return false;
  return true;
}

const FAULTS = ["reset", "delay", "stall", "truncate", "unavailable"];

/** The content type and body text a status reply sends. */
export function statusReplyBody(contract: Contract, operationId: string, reply: StatusReply): { contentType: string; text: string } {
  const op = contract.operation(operationId);
  const label = op ? contract.answerLabel(op, reply.status) : undefined;
  const given = Object.entries(reply.headers ?? {}).find(([k]) => k.toLowerCase() === "content-type")?.[1];
  const text = reply.body === undefined ? "" : typeof reply.body === "string" ? reply.body : stringifyJson(reply.body);
  const contentType = given ?? (label ?? (typeof reply.body === "string" ? "text/plain" : "application/json"));
  return { contentType, text };
}

function checkDelay(value: unknown, name: string): void {
  if (value !== undefined && !(typeof value === "number" && Number.isFinite(value) && value >= 0)) throw new MockError(`override: ${name} must be a number of milliseconds (0 or more), got ${JSON.stringify(value)}`);
}

/** Checks an override before it is installed, so a mistake fails the test that made it, saying what is wrong. */
export function checkOverride(options: OverrideOptions, contracts: Partial<Record<ApiName, Contract>>): { api: ApiName } {
  if (!isObject(options as unknown)) throw new MockError("override: give an object { api, operation, reply }");
  const started = Object.keys(contracts) as ApiName[];
  let api = options.api;
  if (api === undefined) {
    if (started.length !== 1) throw new MockError(`override: say which API (api: ${started.map((a) => `"${a}"`).join(" | ")})`);
    api = started[0]!;
  }
  if (!API_NAMES.includes(api)) throw new MockError(`override: unknown API '${String(api)}'; choose from ${API_NAMES.join(", ")}`);
  const contract = contracts[api];
  if (!contract) throw new MockError(`override: the ${api} mock is not started (started: ${started.join(", ")})`);
  if (typeof options.operation !== "string") throw new MockError("override: operation must be an operationId string, e.g. \"sendMessage\"");
  const op = contract.requireOperation(options.operation);
  if (options.times !== undefined && !(Number.isInteger(options.times) && options.times >= 1)) throw new MockError(`override: times must be a whole number of at least 1, got ${JSON.stringify(options.times)}`);
  if (options.match !== undefined && typeof options.match !== "function" && !isObject(options.match as unknown)) throw new MockError("override: match must be an object { body?, query?, headers? } or a function");
  const reply = options.reply as unknown;
  if (!isObject(reply)) throw new MockError("override: reply must be { status, body? }, { example }, or { fault }");
  if ("fault" in reply) {
    const fault = reply["fault"];
    if (typeof fault !== "string" || !FAULTS.includes(fault)) throw new MockError(`override: unknown fault ${JSON.stringify(fault)}; choose from ${FAULTS.join(", ")}`);
    if (fault === "delay" && (typeof reply["ms"] !== "number" || !(reply["ms"] >= 0))) throw new MockError("override: a delay needs ms, the milliseconds to wait");
    checkDelay(reply["ms"], "ms");
    const bytes = reply["bytes"];
    if (bytes !== undefined && !(typeof bytes === "number" && Number.isInteger(bytes) && bytes >= 0)) throw new MockError(`override: bytes must be a whole number of bytes, got ${JSON.stringify(bytes)}`);
    const after = reply["retryAfter"];
    if (after !== undefined && !(typeof after === "number" && Number.isInteger(after) && after >= 0)) throw new MockError(`override: retryAfter must be whole seconds, got ${JSON.stringify(after)}`);
  } else if ("example" in reply) {
    const examples = contract.examples(op);
    if (typeof reply["example"] !== "string" || !examples.has(reply["example"])) {
      throw new MockError(`override: ${api} ${op.operationId} has no response example ${JSON.stringify(reply["example"])}; it has ${[...examples.keys()].join(", ") || "none"}`);
    }
    checkDelay(reply["delayMs"], "delayMs");
  } else if ("status" in reply) {
    const status = reply["status"];
    if (!(typeof status === "number" && Number.isInteger(status) && status >= 100 && status <= 599)) throw new MockError(`override: status must be an HTTP status from 100 to 599, got ${JSON.stringify(status)}`);
    checkDelay(reply["delayMs"], "delayMs");
    if (reply["headers"] !== undefined && (!isObject(reply["headers"]) || Object.values(reply["headers"]).some((v) => typeof v !== "string"))) throw new MockError("override: headers must map names to strings");
    if (reply["offContract"] !== true) {
      const { contentType, text } = statusReplyBody(contract, op.operationId, reply as unknown as StatusReply);
      const findings = contract.checkAnswer(op, status, contentType, text);
      if (findings.length) {
        throw new MockError(`override: this ${status} answer to ${api} ${op.operationId} breaks the spec: ${findings.join("; ")}. Fix the body, or add offContract: true if the answer is deliberately off the contract`);
      }
    }
  } else {
    throw new MockError("override: reply must be { status, body? }, { example }, or { fault }");
  }
  return { api };
}

/** The installed overrides of one set of mocks. */
export class Overrides {
  private list: ActiveOverride[] = [];
  private next = 1;
  /** Called when an override is removed, so requests it holds can be released. */
  onRemove: (id: string) => void = () => undefined;

  add(api: ApiName, options: OverrideOptions): OverrideHandle {
    const active: ActiveOverride = { id: `o${this.next++}`, api, operation: options.operation, match: options.match, reply: options.reply, remaining: options.times, used: 0 };
    this.list.push(active);
    const overrides = this;
    return {
      id: active.id,
      get used() {
        return active.used;
      },
      get remaining() {
        return active.remaining;
      },
      remove: () => overrides.remove(active.id),
    };
  }

  remove(id: string): boolean {
    const before = this.list.length;
    this.list = this.list.filter((o) => o.id !== id);
    this.onRemove(id);
    return this.list.length < before;
  }

  clear(): void {
    const ids = this.list.map((o) => o.id);
    this.list = [];
    for (const id of ids) this.onRemove(id);
  }

  all(): ActiveOverride[] {
    return [...this.list];
  }

  /** The newest override that answers this request, without using it up; undefined when none does. */
  find(api: ApiName, operationId: string | undefined, request: MatchableRequest): ActiveOverride | undefined {
    if (operationId === undefined || this.list.length === 0) return undefined;
    for (let i = this.list.length - 1; i >= 0; i--) {
      const o = this.list[i]!;
      if (o.api === api && o.operation === operationId && matchesRequest(o.match, request)) return o;
    }
    return undefined;
  }

  /** Counts one use of an override; false when it was used up (by a request answered meanwhile) or removed. */
  use(o: ActiveOverride): boolean {
    const i = this.list.indexOf(o);
    if (i < 0) return false;
    o.used++;
    if (o.remaining !== undefined && --o.remaining <= 0) this.list.splice(i, 1);
    return true;
  }
}
