// The bad-input matrix: every operation of all three APIs, each way of breaking its request that the
// spec rejects, sent to the mock. The mock must answer with that API's real error shape, never 5xx.
// fast-check draws the unknown field names and junk values, so each run covers different inputs.
import fc from "fast-check";
import { describe, expect, inject, it } from "vitest";
import { existsInVersion, type ApiName } from "@im-openapi/mock";
import { authHeaders, exampleRequest, send } from "../../src/exchange.js";
import { mutationsFor, type Mutation } from "../../src/mutations.js";
import { loadContract, type Operation, type Spec } from "../../src/spec.js";
import type { Target } from "../../src/targets.js";
import { ContractValidator, type ExchangeRecord } from "../../src/validator.js";

const targets = Object.fromEntries(Object.entries(inject("contractMocks")).map(([api, url]) => [api, { api, url, mock: true } as Target]));

/** Asserts the answer is the API's own error shape for invalid input. */
function expectApiError(api: ApiName, exchange: ExchangeRecord, what: string): void {
  expect(exchange.status, `${what}: no 5xx`).toBeLessThan(500);
  const body = JSON.parse(exchange.bodyText) as Record<string, unknown>;
  if (api === "wukongim") {
    expect(exchange.status, what).toBe(400);
    expect(body, what).toEqual({ msg: expect.any(String), status: 400 });
  } else if (api === "wildfire") {
    expect(exchange.status, what).toBe(200);
    expect(body, what).toEqual({ code: 251, msg: "Invalid parameter" });
  } else {
    expect(exchange.status, what).toBe(400);
    expect(body, what).toMatchObject({ success: false, error: { code: "VAL_001", message: expect.any(String) } });
  }
}

function present(op: Operation, spec: Spec): boolean {
  if (op.api === "wukongim") return existsInVersion(op, spec.version);
  return op.edition !== "docs-only";
}

for (const [api, target] of Object.entries(targets) as [ApiName, Target][]) {
  const spec = loadContract(api);
  const validator = new ContractValidator(spec);
  const ops = spec.operations.filter((op) => present(op, spec) && op.node["requestBody"] !== undefined);

  describe(`${api} mock: bad input`, () => {
    it(`answers every invalid request of ${ops.length} operations with the API's error shape`, async () => {
      let sent = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.stringMatching(/^[a-z][a-zA-Z]{2,12}$/).filter((k) => !k.startsWith("x")),
          fc.string({ minLength: 1, maxLength: 8 }),
          async (unknownKey, junk) => {
            for (const op of ops) {
              const example = exampleRequest(spec, op, target);
              const mutations: Mutation[] = mutationsFor(spec, op, example.body, { unknownKey: `zz${unknownKey}`, junk });
              for (const m of mutations.filter((m) => m.invalid)) {
                // Only inputs the contract itself rejects are bad input.
                if (validator.validateRequest(op, m.body, example.query).length === 0) continue;
                const exchange = await send(op.method, example.url, m.body, authHeaders(target));
                sent++;
                expectApiError(api, exchange, `${op.operationId} ${m.kind} ${m.field}`);
              }
            }
          },
        ),
        // One run covers every mutation of every operation; each run of the suite draws new values.
        { numRuns: 1 },
      );
      expect(sent).toBeGreaterThan(0);
      // Bounded by count (every mutation once), not by time: on a loaded 2-core machine the ~1000
      // requests of one API take over a minute.
    }, 600_000);

    it("answers an oversized body without a 5xx and within the contract", async () => {
      const op = ops.find((o) => mutationsFor(spec, o, exampleRequest(spec, o, target).body, { unknownKey: "zz", junk: "j" }).some((m) => m.kind === "oversized"));
      if (!op) return expect(ops.length).toBe(0);
      const example = exampleRequest(spec, op, target);
      const oversized = mutationsFor(spec, op, example.body, { unknownKey: "zz", junk: "j" }).find((m) => m.kind === "oversized")!;
      const exchange = await send(op.method, example.url, oversized.body, authHeaders(target));
      expect(exchange.status).toBeLessThan(500);
      expect(validator.validateResponse(op, exchange)).toEqual([]);
    });
  });
}
