import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodePayload, encodePayload, personChannelId } from "../src/index.js";

// The client must run in browsers: no Node built-ins in its source, and the helpers must not reach
// for Node globals at run time.
describe("browser safety", () => {
  it("imports no node: modules and uses no Buffer or process", () => {
    const dir = new URL("../src/", import.meta.url);
    const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const code = readFileSync(new URL(file, dir), "utf8")
        .split("\n")
        .filter((line) => !line.trim().startsWith("//") && !line.trim().startsWith("*"))
        .join("\n");
      expect(code, file).not.toMatch(/from\s+["']node:|require\(|\bBuffer\b|\bprocess\./);
    }
  });

  it("encodes, decodes and hashes with Buffer hidden", () => {
    const saved = globalThis.Buffer;
    // @ts-expect-error Buffer is hidden for this test only
    delete globalThis.Buffer;
    try {
      expect(typeof (globalThis as { Buffer?: unknown }).Buffer).toBe("undefined");
      const content = { type: 1 as const, content: "你好 👋" };
      expect(decodePayload(encodePayload(content))).toEqual(content);
      expect(personChannelId("user123", "user456")).toBe("user456@user123");
    } finally {
      globalThis.Buffer = saved;
    }
  });
});
