// Runs a scenario as a list of steps; each step is one check in the report. A step fails when one
// of its expectations does not hold or one of its calls breaks the contract.
import { networkReason } from "../errors.js";
import { ExpectationFailed } from "../expect.js";
import { Session } from "../session.js";
import type { SuiteContext } from "../suite.js";

export class ScenarioSteps {
  readonly session: Session;

  constructor(readonly ctx: SuiteContext, private readonly title: string) {
    this.session = new Session(ctx.spec, ctx.target, ctx.token, ctx.timeoutMs, ctx.observe);
  }

  /** The run prefix; every resource a scenario creates carries it. */
  get prefix(): string {
    return this.ctx.runPrefix;
  }

  /**
   * Runs one step. A step that `writes` is recorded as skipped in a read-only run. With `lenient`
   * only contract violations and network failures count (for cleanup, which may find nothing to remove).
   */
  async step(name: string, fn: () => Promise<void>, options: { writes?: boolean; lenient?: boolean } = {}): Promise<boolean> {
    const base = { api: this.ctx.target.api, kind: "scenario" as const, name: `${this.title}: ${name}`, expected: "every expectation of the step holds and every call keeps its contract", violations: [] };
    if (options.writes && !this.ctx.write) {
      this.ctx.record({ ...base, outcome: "skipped", note: "changes server state; run with --write (CONTRACT_READ_ONLY=0) to include it" });
      return false;
    }
    const violations = (this.session.sink = []);
    this.session.lastStatus = undefined;
    let expected = base.expected;
    let actual: string | undefined;
    try {
      await fn();
    } catch (error) {
      if (error instanceof ExpectationFailed) {
        if (!options.lenient) [expected, actual] = [error.expected, error.actual];
      } else if ((error instanceof TypeError && error.message === "fetch failed") || (error as Error)?.name === "TimeoutError") {
        actual = `no answer: ${networkReason(error, this.ctx.timeoutMs)}`;
      } else {
        actual = `error: ${(error as Error)?.message ?? String(error)}`;
      }
    }
    const failed = actual !== undefined || violations.length > 0;
    this.ctx.record({ ...base, expected, actual, status: this.session.lastStatus, violations: [...violations], outcome: failed ? "failed" : "passed" });
    this.session.sink = [];
    return !failed;
  }
}
