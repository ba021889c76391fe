// Runs the README's example against the mock and compares its output with the README's, so the
// documentation cannot drift from the package. It uses the built package (dist/), like a user would.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { expect, inject, it } from "vitest";

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(path.join(here, "..", "README.md"), "utf8");

function block(language: string): string {
  const match = readme.match(new RegExp("```" + language + "\\n([\\s\\S]*?)```"));
  if (!match?.[1]) throw new Error(`README.md has no \`\`\`${language} block`);
  return match[1];
}

it("the README example runs against the mock and prints what the README says", async () => {
  const dist = pathToFileURL(path.join(here, "..", "dist", "index.js")).href;
  const code = block("ts")
    .replace('"@im-openapi/openchat"', JSON.stringify(dist))
    .replaceAll("http://127.0.0.1:3000", inject("openchatUrl"));
  expect(code).toContain(dist);
  const dir = mkdtempSync(path.join(tmpdir(), "openchat-readme-"));
  try {
    const file = path.join(dir, "example.mjs");
    writeFileSync(file, code);
    const { stdout } = await run(process.execPath, [file], { timeout: 15_000 });
    expect(stdout).toBe(block("text"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
