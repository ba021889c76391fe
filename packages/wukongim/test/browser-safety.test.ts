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

describe("browser bundle", () => {
  it("bundles for a browser with the fetch engine and no Node module", async () => {
    const { build } = await import("vite");
    const entry = new URL("../dist/index.js", import.meta.url).pathname;
    const output = await build({
      configFile: false,
      logLevel: "silent",
      build: { write: false, minify: false, lib: { entry, formats: ["es"], fileName: "client" } },
    });
    const chunks = (Array.isArray(output) ? output : [output]).flatMap((o) => ("output" in o ? o.output : []));
    const code = chunks.map((c) => ("code" in c ? c.code : "")).join("\n");
    expect(code).toContain("createWukongimClient");
    // The browser build takes @im-openapi/core's fetch engine; the Node one (undici) stays out.
    expect(code).toMatch(/function fetchEngine/);
    expect(code).not.toMatch(/from\s*["'](undici|node:[^"']*)["']|import\(["'](undici|node:)|require\(/);
    expect(code).not.toContain("withRedirects");
  }, 60_000);
});
