import type { FuzzOptions } from "./fuzz/suite.js";
import type { Check } from "./report.js";
import type { Operation, Spec } from "./spec.js";
import type { Target } from "./targets.js";
import type { ExchangeRecord } from "./validator.js";

/** What a suite (the sweep, the scenarios, a later mode) gets to check one API. */
export interface SuiteContext {
  spec: Spec;
  target: Target;
  /** Also send what changes server state. */
  write: boolean;
  /** Prefix of every resource a suite creates, so a shared server can be cleaned by prefix. */
  runPrefix: string;
  /** Per request. */
  timeoutMs: number;
  /** OpenChat: the bearer token obtained by logging in, when the target gave credentials. */
  token?: string | undefined;
  /** The property-based mode's bounds and seed, when the run fuzzes. */
  fuzz?: FuzzOptions | undefined;
  /** Adds a check to the report. */
  record(check: Check): void;
  /** Notes an answer the operation gave, for the report's per-operation coverage. */
  observe(op: Operation, exchange: ExchangeRecord): void;
}

/**
 * One mode of checking. The run calls every enabled suite per API, in order; a new mode (fuzzing,
 * a webhook receiver) is one more suite with its own check kind.
 */
export interface Suite {
  name: string;
  enabled(target: Target): boolean;
  run(context: SuiteContext): Promise<void>;
}
