// The spec sweep: every operation sent with the spec's own example request, and the request and the
// answer validated against the spec. Operations the declared server should not have (removed, later,
// pro-only, documentation-only) are expected to answer as a missing route.
import { existsInVersion, type ApiName } from "@im-openapi/mock";
import { networkReason } from "./errors.js";
import { authHeaders, exampleRequest, send } from "./exchange.js";
import { shortText } from "./expect.js";
import type { Check } from "./report.js";
import type { Operation } from "./spec.js";
import type { Suite, SuiteContext } from "./suite.js";
import type { Target } from "./targets.js";
import { ContractValidator } from "./validator.js";

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

/** How each server answers a route it does not have. */
export const MISSING_ROUTE: Readonly<Record<ApiName, { words: string; test: (status: number, body: string) => boolean }>> = {
  wukongim: { words: "HTTP 404", test: (status) => status === 404 },
  wildfire: { words: "HTTP 500 with an empty body", test: (status, body) => status === 500 && body === "" },
  openchat: { words: "HTTP 404", test: (status) => status === 404 },
};

export const sweepSuite: Suite = {
  name: "sweep",
  enabled: () => true,
  async run(ctx: SuiteContext): Promise<void> {
    const { spec, target } = ctx;
    const validator = new ContractValidator(spec);
    for (const op of spec.operations) {
      const absent = absenceReason(op, target, spec.version);
      const check: Check = {
        api: target.api,
        kind: "sweep",
        name: `${op.operationId} (${op.method} ${op.path})`,
        operation: op.operationId,
        method: op.method,
        path: op.path,
        outcome: "passed",
        expected: absent ? `${MISSING_ROUTE[target.api].words}, as for a missing route (${absent})` : "the request and the answer match the spec",
        violations: [],
      };
      if (!ctx.write && !op.readOnly) {
        ctx.record({ ...check, outcome: "skipped", note: "changes server state; run with --write (CONTRACT_READ_ONLY=0) to include it" });
        continue;
      }
      const request = exampleRequest(spec, op, target);
      let exchange;
      try {
        exchange = await send(op.method, request.url, request.body, authHeaders(target, ctx.token), ctx.timeoutMs);
      } catch (error) {
        ctx.record({ ...check, outcome: "failed", actual: `no answer: ${networkReason(error, ctx.timeoutMs)}` });
        continue;
      }
      check.status = exchange.status;
      if (absent) {
        if (!MISSING_ROUTE[target.api].test(exchange.status, exchange.bodyText)) {
          check.outcome = "failed";
          check.actual = `HTTP ${exchange.status} ${shortText(exchange.bodyText, 160)}`;
        }
        ctx.record(check);
        continue;
      }
      check.violations.push(...validator.validateRequest(op, request.body, request.query), ...validator.validateResponse(op, exchange));
      // A mock answers the spec's own example request with a success (or the redirect an operation
      // such as GET /docs/ only has); a real server may rightly refuse an example id it does not know.
      if (target.mock && exchange.status >= 400) {
        check.expected = "the request and the answer match the spec, and the mock answers the example request with a success";
        check.actual = `HTTP ${exchange.status} ${shortText(exchange.bodyText, 160)}`;
      }
      if (check.violations.length || check.actual !== undefined) check.outcome = "failed";
      ctx.record(check);
    }
  },
};
