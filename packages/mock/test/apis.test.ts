import { describe, expect, it } from "vitest";
import { compareVersions, existsInVersion, type SpecOperation } from "../src/apis.js";

const op = (since?: string, removedIn?: string): SpecOperation => ({
  method: "POST", path: "/x", matcher: /^\/x$/, operationId: "x", since, removedIn,
});

describe("versions", () => {
  it("compares the numeric prefix", () => {
    expect(compareVersions("2.2.5-20260422", "2.2.4")).toBe(1);
    expect(compareVersions("2.2.3-20260128", "2.2.4")).toBe(-1);
    expect(compareVersions("2.2.4", "2.2.4-20260313")).toBe(0);
    expect(compareVersions("v2.10.0", "2.9.9")).toBe(1);
  });

  it("hides removed routes and routes that came later", () => {
    expect(existsInVersion(op(undefined, "2.2.4"), "2.2.5-20260422")).toBe(false);
    expect(existsInVersion(op(undefined, "2.2.4"), "2.2.3")).toBe(true);
    expect(existsInVersion(op("2.2.2"), "2.2.1")).toBe(false);
    expect(existsInVersion(op("2.2.2"), "2.2.5")).toBe(true);
  });
});
