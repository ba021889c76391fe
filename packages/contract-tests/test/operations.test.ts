// The spec sweep: every operation of every API, sent with the spec's own example request, and the
// answer validated against the spec. Against the mocks this proves the mocks keep the contract;
// against a real server it lists every place the server drifts from it.
import { afterAll, describe, expect, inject, it } from "vitest";
import { existsInVersion, type ApiName } from "@im-openapi/mock";
import { authHeaders, exampleRequest, send } from "../src/exchange.js";
import { writePartial, type OperationResult } from "../src/report.js";
import { loadContract, type Operation } from "../src/spec.js";
import type { Target } from "../src/targets.js";
import { ContractValidator } from "../src/validator.js";

const targets = inject("contractTargets");
const readOnly = inject("contractReadOnly");
const partialDir = inject("contractPartialDir");

/** Whether the declared server should have the operation. */
function expectation(op: Operation, target: Target, specVersion: string): "present" | "missing" {
  if (op.api === "wukongim") return existsInVersion(op, target.version ?? specVersion) ? "present" : "missing";
  if (op.api === "wildfire") {
    if (op.edition === "docs-only") return "missing";
    if (op.edition === "pro" && (target.real ? target.edition ?? "community" : "pro") === "community") return "missing";
  }
  return "present";
}

/** How each server answers a route it does not have. */
function isMissingAnswer(api: ApiName, status: number, body: string): boolean {
  if (api === "wukongim") return status === 404;
  if (api === "wildfire") return status === 500 && body === "";
  return status === 404;
}

for (const [api, target] of Object.entries(targets) as [ApiName, Target][]) {
  const spec = loadContract(api);
  const validator = new ContractValidator(spec);
  const results: OperationResult[] = [];

  describe(`${api} against ${target.real ? "the server" : "the mock"} at ${target.url}`, () => {
    afterAll(() => writePartial(partialDir, api, results));

    for (const op of spec.operations) {
      const expected = expectation(op, target, spec.version);
      const result: OperationResult = { api, operation: op.operationId, method: op.method, path: op.path, outcome: "checked", violations: [] };
      if (target.real && readOnly && !op.readOnly) {
        results.push({ ...result, outcome: "skipped-read-only", note: "changes server state; run with CONTRACT_READ_ONLY=0 to include it" });
        continue;
      }

      it(`${op.operationId} (${op.method} ${op.path}) ${expected === "missing" ? "is absent from the declared server" : "keeps its contract"}`, async () => {
        results.push(result);
        const request = exampleRequest(spec, op, target);
        const exchange = await send(op.method, request.url, request.body, authHeaders(target));
        result.status = exchange.status;
        if (expected === "missing") {
          result.outcome = "expected-missing";
          expect(isMissingAnswer(api, exchange.status, exchange.bodyText), `expected the answer for a missing route, got HTTP ${exchange.status} ${exchange.bodyText.slice(0, 120)}`).toBe(true);
          return;
        }
        result.violations.push(...validator.validateRequest(op, request.body, request.query));
        result.violations.push(...validator.validateResponse(op, exchange));
        if (result.violations.length) result.outcome = "failed";
        const listing = result.violations.map((v) => `${v.direction} ${v.at}: expected ${v.expected}, got ${v.actual}`).join("\n");
        expect(result.violations, listing).toEqual([]);
        // The mock answers the spec's own example request with a success (or the redirect an
        // operation such as GET /docs/ only has).
        if (!target.real) expect(exchange.status, exchange.bodyText.slice(0, 200)).toBeLessThan(400);
      });
    }
  });
}
