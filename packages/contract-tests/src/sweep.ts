// The spec sweep: every operation sent with the spec's own example request, and the request and the
// answer validated against the spec. Operations the declared server should not have (removed, later,
// pro-only, documentation-only) are expected to answer as a missing route.
import { networkReason } from "./errors.js";
import { authHeaders, exampleRequest, send } from "./exchange.js";
import { shortText } from "./expect.js";
import { absenceReason, judgeAnswer, MISSING_ROUTE_WORDS } from "./judge.js";
import type { Check } from "./report.js";
import type { Suite, SuiteContext } from "./suite.js";
import { ContractValidator } from "./validator.js";

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
        expected: absent ? `${MISSING_ROUTE_WORDS[target.api]}, as for a missing route (${absent})` : "the request and the answer match the spec",
        violations: [],
      };
      if (!ctx.write && !op.readOnly) {
        ctx.record({ ...check, outcome: "skipped", note: "changes server state; run with --write (CONTRACT_READ_ONLY=0) to include it" });
        continue;
      }
      const request = exampleRequest(spec, op, target);
      if (target.paths?.[op.path]) check.url = request.url;
      let exchange;
      try {
        exchange = await send(op.method, request.url, request.body, authHeaders(target, ctx.token), ctx.timeoutMs);
      } catch (error) {
        ctx.record({ ...check, outcome: "failed", actual: `no answer: ${networkReason(error, ctx.timeoutMs)}` });
        continue;
      }
      check.status = exchange.status;
      ctx.observe(op, exchange);
      const verdict = judgeAnswer({ spec, validator, op, target, exchange, validRequest: true, absent });
      if (absent) {
        if (verdict.failure) {
          check.outcome = "failed";
          check.actual = verdict.failure.actual;
        }
        ctx.record(check);
        continue;
      }
      check.violations.push(...validator.validateRequest(op, request.body, request.query), ...verdict.violations);
      if (verdict.failure) [check.expected, check.actual] = [verdict.failure.expected, verdict.failure.actual];
      // A mock answers the spec's own example request with a success (or the redirect an operation
      // such as GET /docs/ only has); a real server may rightly refuse an example id it does not know.
      if (target.mock && exchange.status >= 400 && !verdict.failure) {
        check.expected = "the request and the answer match the spec, and the mock answers the example request with a success";
        check.actual = `HTTP ${exchange.status} ${shortText(exchange.bodyText, 160)}`;
      }
      if (check.violations.length || check.actual !== undefined) check.outcome = "failed";
      ctx.record(check);
    }
  },
};
