import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import { afterEach, describe, expect, inject, it, vi } from "vitest";

// The README's example is documentation a reader copies, so it is run here against the mock, with
// the package import pointed at this source tree and the URL at the test's mock.
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const block = (lang: string) => {
  const match = readme.match(new RegExp("```" + lang + "\\n([\\s\\S]*?)```"));
  if (!match) throw new Error(`README has no ${lang} block`);
  return match[1]!;
};

describe("README example", () => {
  let dir: string | undefined;
  afterEach(() => {
    vi.restoreAllMocks();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("runs against the mock and prints what the README says", async () => {
    const source = block("js");
    expect(source).toContain('"http://127.0.0.1:18080"');
    const entry = pathToFileURL(fileURLToPath(new URL("../src/index.ts", import.meta.url))).href;
    const runnable = source.replaceAll('from "@im-openapi/wildfire"', `from ${JSON.stringify(entry)}`).replaceAll('"http://127.0.0.1:18080"', JSON.stringify(inject("wildfireUrl")));
    dir = mkdtempSync(path.join(tmpdir(), "wildfire-readme-"));
    const file = path.join(dir, "example.mjs");
    writeFileSync(file, runnable);
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void lines.push(args.join(" ")));
    await import(pathToFileURL(file).href);
    expect(lines.join("\n")).toBe(block("text").trimEnd());
  });

  it("type-checks as TypeScript (strict)", () => {
    const entry = fileURLToPath(new URL("../src/index.ts", import.meta.url));
    dir = mkdtempSync(path.join(tmpdir(), "wildfire-readme-"));
    const file = path.join(dir, "example.mts");
    writeFileSync(file, block("js").replace('from "@im-openapi/wildfire"', `from ${JSON.stringify(entry)}`));
    const program = ts.createProgram([file], {
      strict: true,
      noUncheckedIndexedAccess: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
      types: ["node"],
      typeRoots: [fileURLToPath(new URL("../node_modules/@types", import.meta.url))],
      skipLibCheck: true,
      allowImportingTsExtensions: true,
      noEmit: true,
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(problems).toEqual([]);
  });
});
