// A scenario's connection to one target: every call is authenticated as its API wants, and every
// request and answer is validated against the spec; violations go to the step being run.
import { authHeaders, send } from "./exchange.js";
import { ExpectationFailed, shortText } from "./expect.js";
import type { Json, Operation, Spec } from "./spec.js";
import { serverUrl, type Target } from "./targets.js";
import { ContractValidator, type ExchangeRecord, type Violation } from "./validator.js";

export interface CallResult {
  /** `POST /user/token`, for messages. */
  label: string;
  status: number;
  body: Json | undefined;
  exchange: ExchangeRecord;
  violations: Violation[];
}

export interface CallOptions {
  query?: Record<string, string>;
  /** Extra headers; they replace the authentication headers of the same name. */
  headers?: Record<string, string>;
  /** Send no authentication headers (for the signature checks). */
  unauthenticated?: boolean;
  /** The body as JSON text, sent as it is: ids above 2^53 that a JS number cannot hold. */
  rawBody?: string;
}

function matcher(template: string): RegExp {
  return new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`);
}

export class Session {
  /** Where violations of the calls go; the scenario runner points it at the current step. */
  sink: Violation[] = [];
  lastStatus: number | undefined;
  private readonly validator: ContractValidator;
  private readonly matchers: [Operation, RegExp][];

  constructor(readonly spec: Spec, readonly target: Target, private token?: string, private readonly timeoutMs = 15_000, private readonly observe?: (op: Operation, exchange: ExchangeRecord) => void) {
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

  /** Calls the target and validates both directions. */
  async call(method: string, path: string, body?: Json, options: CallOptions = {}): Promise<CallResult> {
    const op = this.operation(method, path);
    const search = options.query ? `?${new URLSearchParams(options.query).toString()}` : "";
    const headers = { ...(options.unauthenticated ? {} : authHeaders(this.target, this.token)), ...options.headers };
    const exchange = await send(method, serverUrl(this.target, `${path}${search}`), body, headers, this.timeoutMs, options.rawBody);
    this.lastStatus = exchange.status;
    this.observe?.(op, exchange);
    let sent: unknown = body;
    if (options.rawBody !== undefined) sent = JSON.parse(options.rawBody) as unknown;
    const violations = [...this.validator.validateRequest(op, sent, options.query ?? {}), ...this.validator.validateResponse(op, exchange)];
    this.sink.push(...violations);
    let parsed: Json | undefined;
    try {
      parsed = exchange.bodyText ? (JSON.parse(exchange.bodyText) as Json) : undefined;
    } catch {
      parsed = undefined;
    }
    return { label: `${method} ${path}`, status: exchange.status, body: parsed, exchange, violations };
  }
}

/** Expects the call's HTTP status. */
export function expectStatus(r: CallResult, wanted: number | ((status: number) => boolean), words?: string): void {
  const ok = typeof wanted === "number" ? r.status === wanted : wanted(r.status);
  if (!ok) throw new ExpectationFailed(`${r.label} to answer ${words ?? `HTTP ${String(wanted)}`}`, `HTTP ${r.status} ${shortText(r.exchange.bodyText, 160)}`);
}
