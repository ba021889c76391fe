// Expectations of the scenarios. A failed one becomes a failed check in the report, with what was
// expected and what came back; nothing here depends on a test runner.
import { isDeepStrictEqual } from "node:util";

/** An expectation that did not hold. */
export class ExpectationFailed extends Error {
  constructor(readonly expected: string, readonly actual: string) {
    super(`expected ${expected}, got ${actual}`);
    this.name = "ExpectationFailed";
  }
}

/** A value as a short line for the report. */
export function shortText(value: unknown, max = 200): string {
  const text = value === undefined ? "(absent)" : typeof value === "string" ? value : (JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) ?? String(value));
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/** True when `actual` has every property of `shape`, recursively (arrays must match element-wise). */
export function matchesShape(actual: unknown, shape: unknown): boolean {
  if (shape === null || typeof shape !== "object") return isDeepStrictEqual(actual, shape);
  if (Array.isArray(shape)) return Array.isArray(actual) && actual.length === shape.length && shape.every((s, i) => matchesShape(actual[i], s));
  if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return false;
  return Object.entries(shape).every(([k, v]) => matchesShape((actual as Record<string, unknown>)[k], v));
}

export function expectThat(condition: boolean, expected: string, actual: unknown): void {
  if (!condition) throw new ExpectationFailed(expected, typeof actual === "function" ? String((actual as () => unknown)()) : shortText(actual));
}

export function expectEqual(actual: unknown, wanted: unknown, what: string): void {
  expectThat(isDeepStrictEqual(actual, wanted), `${what} ${shortText(wanted)}`, actual);
}

export function expectShape(actual: unknown, shape: unknown, what: string): void {
  expectThat(matchesShape(actual, shape), `${what} containing ${shortText(shape)}`, actual);
}

/** Polls `fn` until it returns a value, for servers that apply writes asynchronously. */
export async function eventually<T>(fn: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new ExpectationFailed(what, `nothing after ${timeoutMs} ms of polling`);
    await new Promise((r) => setTimeout(r, 300));
  }
}
