// scripts/docs-serve.mjs, the server behind `pnpm docs:serve`.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, inject, it } from "vitest";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const docsDir = inject("docsDir");

describe("docs:serve", () => {
  it("prints its URL, serves the site on loopback and stops cleanly on Ctrl-C", async () => {
    const child = spawn(process.execPath, [path.join(repo, "scripts", "docs-serve.mjs"), "--port", "0", "--dir", docsDir], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = "";
        child.stdout.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          const match = /at (http:\/\/127\.0\.0\.1:\d+\/) \(Ctrl-C to stop\)/.exec(output);
          if (match?.[1]) resolve(match[1]);
        });
        child.once("exit", (code) => reject(new Error(`exited with ${code}: ${output}`)));
      });

      const index = await fetch(url);
      expect(index.status).toBe(200);
      expect(index.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(await index.text()).toContain("<h1>im-openapi</h1>");

      const folder = await fetch(new URL("wukongim", url), { redirect: "manual" });
      expect(folder.status).toBe(301);
      expect(folder.headers.get("location")).toBe("/wukongim/");

      const spec = await fetch(new URL("wukongim/openapi.json", url));
      expect(spec.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect((await spec.json()) as object).toHaveProperty("openapi");

      expect((await fetch(new URL("nope.html", url))).status).toBe(404);
      expect((await fetch(new URL("..%2f..%2fpackage.json", url))).status).toBe(403);
      expect((await fetch(url, { method: "POST" })).status).toBe(405);
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited).toBe(0);
  });
});
