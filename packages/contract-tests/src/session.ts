// A scenario's connection to one target: every call is authenticated as its API wants, and every
// request and response is validated against the spec and kept for the report.
import { authHeaders } from "./exchange.js";
import type { OperationResult } from "./report.js";
import type { Json, Operation, Spec } from "./spec.js";
import type { Target } from "./targets.js";
import { ContractValidator, type ExchangeRecord, type Violation } from "./validator.js";

export interface CallResult {
  status: number;
  body: Json | undefined;
  exchange: ExchangeRecord;
  violations: Violation[];
}

function matcher(template: string): RegExp {
  return new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`);
}

export class Session {
  readonly results: OperationResult[] = [];
  private readonly validator: ContractValidator;
  private readonly matchers: [Operation, RegExp][];

  constructor(readonly spec: Spec, readonly target: Target, private token?: string) {
    this.validator = new ContractValidator(spec);
    this.matchers = spec.operations.map((op) => [op, matcher(op.path)]);
  }

  setToken(token: string): void {
    this.token = token;
  }

  operation(method: string, path: string): Operation {
    const found = this.matchers.find(([op, re]) => op.method === method && (op.path === path || re.test(path)));
    if (!found) throw new Error(`${this.spec.api}: no operation ${method} ${path} in the spec`);
    return found[0];
  }

  /** Calls the target and validates both directions; violations go to the report and the result. */
  async call(method: string, path: string, body?: Json, options: { query?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<CallResult> {
    const op = this.operation(method, path);
    const search = options.query ? `?${new URLSearchParams(options.query).toString()}` : "";
    const headers: Record<string, string> = { ...authHeaders(this.target, this.token), ...options.headers };
    const init: RequestInit = { method, headers, redirect: "manual", signal: AbortSignal.timeout(15_000) };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      headers["content-type"] = "application/json";
    }
    const response = await fetch(`${this.target.url}${path}${search}`, init);
    const exchange: ExchangeRecord = { status: response.status, contentType: response.headers.get("content-type") ?? "", bodyText: await response.text() };
    const violations = [...this.validator.validateRequest(op, body, options.query ?? {}), ...this.validator.validateResponse(op, exchange)];
    this.results.push({ api: this.spec.api, operation: op.operationId, method: op.method, path: op.path, outcome: violations.length ? "failed" : "checked", status: exchange.status, violations, note: "scenario" });
    let parsed: Json | undefined;
    try {
      parsed = exchange.bodyText ? (JSON.parse(exchange.bodyText) as Json) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: exchange.status, body: parsed, exchange, violations };
  }

  /** Every violation seen so far, as lines for an assertion message. */
  describeViolations(): string {
    return this.results.flatMap((r) => r.violations).map((v) => `${v.operation} ${v.direction} ${v.at}: expected ${v.expected}, got ${v.actual}`).join("\n");
  }
}

/** Polls `fn` until it returns a value, for servers that apply writes asynchronously. */
export async function eventually<T>(fn: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}
