// The property-based mode (`im-contract --fuzz`): for each operation, requests drawn from its
// schemas (mostly valid, some broken in one place) are sent to the target and every answer is
// judged as the sweep judges the example's: declared status, content type and body schema, a
// missing route never passing, a crashed handler a finding unless the spec declares it. A failing
// request is shrunk by fast-check to a minimal one, which the report shows. Runs are bounded by a
// count per operation and a time budget per API, and reproducible from the run's seed.
import { serverUrl } from "../targets.js";
import { createHash } from "node:crypto";
import fc from "fast-check";
import { networkReason } from "../errors.js";
import { authHeaders, send } from "../exchange.js";
import { shortText } from "../expect.js";
import { absenceReason, judgeAnswer } from "../judge.js";
import { requestLine, type Check } from "../report.js";
import type { Json, Operation } from "../spec.js";
import type { Suite, SuiteContext } from "../suite.js";
import { ContractValidator, type ExchangeRecord, type Violation } from "../validator.js";
import { invalidRequests, validRequests, type FuzzRequest } from "./requests.js";
import { jsonText } from "./schema-arbitrary.js";

export interface FuzzOptions {
  /** Requests per operation at most. */
  runs: number;
  /** Time budget per API, in seconds (APIs are fuzzed side by side). */
  seconds: number;
  /** The run's seed; each operation's seed is derived from it and its operationId. */
  seed: number;
}

/** What the report keeps of one operation's fuzzing. */
export interface FuzzDetail {
  /** The seed of this operation's run (derived from the run's seed). */
  seed: number;
  /** Requests sent (shrinking excluded). */
  runs: number;
  valid: number;
  invalid: number;
  /** Shrink steps that still failed. */
  shrinks: number;
  /** The time budget ended this operation's run before its count. */
  interrupted: boolean;
  /** The minimal failing request, as sent. */
  counterexample?: { valid: boolean; broken?: string | undefined; method: string; path: string; query: Record<string, string>; body?: string | undefined } | undefined;
}

/**
 * Operations left out of write fuzzing, with the reason: on a single-node test server they can
 * leave the cluster unusable, remove a plugin, or change the server's own settings.
 */
export const FUZZ_EXCLUDED: Readonly<Record<string, string>> = {
  "wukongim migrateClusterSlot": "moves a slot between nodes; random node ids can leave the cluster without a leader",
  "wukongim electClusterSlotLeader": "forces a slot election; can leave the cluster without a leader",
  "wukongim migrateClusterChannel": "moves a channel's replicas; random node ids can leave the channel without a leader",
  "wukongim stopClusterChannel": "stops a channel's replication on the node",
  "wukongim uninstallPlugin": "removes an installed plugin from the server",
  "wukongim updatePluginConfig": "changes an installed plugin's configuration",
  "wildfire putSystemSetting": "changes server-wide settings other users of the server rely on",
};

/** A 31-bit seed for one operation, from the run's seed and the operation. */
export function operationSeed(seed: number, api: string, operationId: string): number {
  return createHash("sha256").update(`${seed}:${api}:${operationId}`).digest().readUInt32BE(0) & 0x7fffffff;
}


interface Failure {
  request: FuzzRequest;
  violations: Violation[];
  expected: string;
  actual: string;
  status?: number | undefined;
  /** The server stopped answering: nothing more can be sent to it. */
  down?: boolean;
}

async function serverAnswers(ctx: SuiteContext): Promise<boolean> {
  const health = { wukongim: "/health", wildfire: "/admin/health", openchat: "/api/v1/im/health" }[ctx.target.api];
  // A crashed process may still be exiting; give it a moment to refuse connections.
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await send("GET", serverUrl(ctx.target, health), undefined, {}, 3000);
      return true;
    } catch {
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  return false;
}

/**
 * A write the server must keep accepting, checked after each operation of a write run: a server
 * that stops accepting it was corrupted by the operation fuzzed just before. WuKongIM: channels
 * under the run prefix on several slots; wildfire: a user under the run prefix.
 */
async function canaryFails(ctx: SuiteContext, round: number): Promise<string | undefined> {
  const { target } = ctx;
  const calls: { path: string; body: Json }[] =
    target.api === "wukongim"
      ? [0, 1, 2, 3, 4, 5].map((i) => ({ path: "/channel", body: { channel_id: `${ctx.runPrefix}_canary${i}`, channel_type: 2, subscribers: [`${ctx.runPrefix}_canary_u${round % 3}`] } }))
      : target.api === "wildfire"
        ? [{ path: "/admin/user/create", body: { userId: `${ctx.runPrefix}_canary`, name: `${ctx.runPrefix}_canary`, displayName: `canary ${round}` } }]
        : [];
  for (const call of calls) {
    try {
      const r = await send("POST", serverUrl(target, call.path), call.body, authHeaders(target, ctx.token), Math.min(ctx.timeoutMs, 8000));
      const ok = target.api === "wukongim" ? r.status === 200 : /"code"\s*:\s*0\b/.test(r.bodyText);
      if (!ok) return `POST ${call.path} ${shortText(call.body)} answered HTTP ${r.status} ${shortText(r.bodyText, 120)}`;
    } catch (error) {
      return `POST ${call.path} ${shortText(call.body)} got no answer (${networkReason(error, 8000)})`;
    }
  }
  return undefined;
}

export const fuzzSuite: Suite = {
  name: "fuzz",
  enabled: () => true,
  async run(ctx: SuiteContext): Promise<void> {
    const options = ctx.fuzz;
    if (!options) return;
    const { spec, target } = ctx;
    const validator = new ContractValidator(spec);
    const deadline = Date.now() + options.seconds * 1000;
    const arbitraryOptions = { doc: spec.doc, idPrefix: ctx.write ? ctx.runPrefix : undefined, safeIntegers: target.mock };
    let downAfter: string | undefined;

    const planned: { op: Operation; skip?: string }[] = spec.operations.map((op) => {
      if (absenceReason(op, target, spec.version)) return { op, skip: "the declared server lacks this route; the sweep checks that it answers as missing" };
      if (!ctx.write && !op.readOnly) return { op, skip: "changes server state; run with --write (CONTRACT_READ_ONLY=0) to include it" };
      const excluded = FUZZ_EXCLUDED[`${op.api} ${op.operationId}`];
      if (excluded && !target.mock) return { op, skip: `not fuzzed on a server: ${excluded}` };
      return { op };
    });
    let left = planned.filter((p) => !p.skip).length;
    // In a write run on a server, a canary write before and after each operation finds one that leaves the server unable to write.
    const canary = ctx.write && !target.mock;
    let round = 0;
    let canaryBroken = canary ? await canaryFails(ctx, round++) : undefined;

    let previous: Operation | undefined;
    for (const { op, skip } of planned) {
      if (canary && previous && !canaryBroken && !downAfter) {
        const broken = await canaryFails(ctx, round++);
        if (broken) {
          canaryBroken = broken;
          ctx.record({ api: target.api, kind: "fuzz", name: `fuzz: the server still accepts writes after ${previous.operationId} was fuzzed`, operation: previous.operationId, method: previous.method, path: previous.path, outcome: "failed", expected: "the canary write that succeeded before to succeed again", actual: broken, violations: [] });
        }
      }
      if (!skip) previous = op;
      const base = { api: target.api, kind: "fuzz" as const, name: `fuzz: ${op.operationId} (${op.method} ${op.path})`, operation: op.operationId, method: op.method, path: op.path, violations: [] as Violation[] };
      const expected = "every answer to requests drawn from the schemas keeps the contract: a declared status, content type and body, no missing route, no crash the spec does not declare";
      if (skip) {
        ctx.record({ ...base, outcome: "skipped", expected, note: skip });
        continue;
      }
      if (downAfter) {
        ctx.record({ ...base, outcome: "skipped", expected, note: `the server stopped answering while ${downAfter} was fuzzed` });
        left--;
        continue;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        ctx.record({ ...base, outcome: "skipped", expected, note: "the time budget (--fuzz-seconds) was spent before this operation" });
        left--;
        continue;
      }
      const slice = Math.max(50, Math.floor(remaining / left));
      left--;
      const seed = operationSeed(options.seed, target.api, op.operationId);
      const valid = validRequests(spec, op, validator, arbitraryOptions);
      // An operation that declares no answer to bad input says nothing a mock can keep: Prism answers
      // its own 400 there. Against a mock such operations get valid requests only; servers get both.
      // (wildfire answers bad input with HTTP 200 and code 251, which every operation declares.)
      const responses = Object.keys((op.node["responses"] ?? {}) as object);
      const declaresBadInput = target.api === "wildfire" || responses.some((k) => k === "400" || k === "422" || k === "4XX" || k === "default");
      const invalid = target.mock && !declaresBadInput ? undefined : invalidRequests(spec, op, validator, { ...arbitraryOptions, avoidCrashers: !target.mock });
      const requests = invalid ? fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: invalid }) : valid;
      const detail: FuzzDetail = { seed, runs: 0, valid: 0, invalid: 0, shrinks: 0, interrupted: false };
      let last: Failure | undefined;
      let shrinking = false;
      // Shrinking sends requests too; it stops (keeping the smallest failure so far) past twice the slice.
      const hardStop = Date.now() + 2 * slice;

      const property = fc.asyncProperty(requests, async (request) => {
        if (last?.down) return true; // nothing can be sent any more; keep the request that broke it
        if (shrinking && Date.now() > hardStop) return true;
        if (!shrinking) {
          detail.runs++;
          if (request.valid) detail.valid++;
          else detail.invalid++;
        }
        const body = request.body === undefined ? undefined : jsonText(request.body);
        const search = new URLSearchParams(request.query).toString();
        let exchange: ExchangeRecord;
        const url = serverUrl(target, `${request.path}${search ? `?${search}` : ""}`);
        try {
          try {
            exchange = await send(op.method, url, undefined, authHeaders(target, ctx.token), ctx.timeoutMs, body);
          } catch (first) {
            // wildfire closes the connection after a 500 with exception text; the next request may
            // meet that closed keep-alive socket before it is sent. Sent once more if the server answers.
            if (!(await serverAnswers(ctx))) throw first;
            exchange = await send(op.method, url, undefined, authHeaders(target, ctx.token), ctx.timeoutMs, body);
          }
        } catch (error) {
          const reason = networkReason(error, ctx.timeoutMs);
          const down = !(await serverAnswers(ctx));
          last = {
            request,
            violations: [],
            expected: "an HTTP answer",
            actual: down ? `no answer (${reason}), and the server stopped answering: the request crashed it` : `no answer (${reason})`,
            down,
          };
          shrinking = true;
          return false;
        }
        ctx.observe(op, exchange);
        const verdict = judgeAnswer({ spec, validator, op, target, exchange, validRequest: request.valid });
        if (verdict.violations.length === 0 && !verdict.failure) return true;
        last = {
          request,
          violations: verdict.violations,
          expected: verdict.failure?.expected ?? "an answer that keeps the contract",
          actual: verdict.failure?.actual ?? `HTTP ${exchange.status} ${shortText(exchange.bodyText, 160)}`,
          status: exchange.status,
        };
        shrinking = true;
        return false;
      });

      const result = await fc.check(property, { seed, numRuns: options.runs, interruptAfterTimeLimit: slice, markInterruptAsFailure: false });
      detail.shrinks = result.numShrinks;
      detail.interrupted = result.interrupted;
      const note = `${detail.runs} requests (${detail.valid} valid, ${detail.invalid} invalid), seed ${seed}${detail.interrupted ? ", stopped by the time budget" : ""}`;
      if (!result.failed || !last) {
        const check: Check = { ...base, outcome: "passed", expected, note, fuzz: detail };
        ctx.record(check);
        continue;
      }
      const failure: Failure = last;
      const sentBody = failure.request.body === undefined ? undefined : jsonText(failure.request.body);
      detail.counterexample = { valid: failure.request.valid, broken: failure.request.broken, method: op.method, path: failure.request.path, query: failure.request.query, body: sentBody };
      const line = requestLine(op.method, failure.request.path, failure.request.query, sentBody);
      const label = failure.request.valid ? "a request the spec allows" : `a request the spec forbids (${failure.request.broken})`;
      ctx.record({
        ...base,
        outcome: "failed",
        expected: `${failure.expected}; minimal failing request (${label}): ${shortText(line, 400)}`,
        actual: failure.actual,
        status: failure.status,
        violations: failure.violations.map((v) => ({ ...v, actual: v.actual })),
        note,
        fuzz: detail,
      });
      if (failure.down) downAfter = op.operationId;
    }
    if (canary && previous && !canaryBroken && !downAfter) {
      const broken = await canaryFails(ctx, round++);
      if (broken) ctx.record({ api: target.api, kind: "fuzz", name: `fuzz: the server still accepts writes after ${previous.operationId} was fuzzed`, operation: previous.operationId, method: previous.method, path: previous.path, outcome: "failed", expected: "the canary write that succeeded before to succeed again", actual: broken, violations: [] });
    }
  },
};
