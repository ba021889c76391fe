// A client package's README example is documentation a reader copies, so its tests run it: once
// against the package's mock (comparing what it prints with the README's output block), and once
// through the TypeScript compiler in strict mode.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import { afterEach, describe, expect, it, vi } from "vitest";

export interface ReadmeExampleOptions {
  /** The package name the example imports, e.g. `@im-openapi/wildfire`. */
  packageName: string;
  /** The package's README.md. */
  readme: URL;
  /** The package's src/index.ts, which the example's import is pointed at. */
  entry: URL;
  /** The URL the README uses, e.g. `http://127.0.0.1:18080`; every occurrence is replaced. */
  readmeUrl: string;
  /** The mock the test runs against. */
  mockUrl: string;
  /** Extra compiler options for the strict type check (e.g. node types). */
  compilerOptions?: ts.CompilerOptions;
}

export function describeReadmeExample(options: ReadmeExampleOptions): void {
  const readme = readFileSync(options.readme, "utf8");
  const block = (lang: string) => {
    const match = readme.match(new RegExp("```" + lang + "\\n([\\s\\S]*?)```"));
    if (!match) throw new Error(`README has no ${lang} block`);
    return match[1]!;
  };
  const importFrom = (source: string, target: string) => source.replaceAll(`from "${options.packageName}"`, `from ${JSON.stringify(target)}`);

  describe("README example", () => {
    let dir: string | undefined;
    afterEach(() => {
      vi.restoreAllMocks();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("runs against the mock and prints what the README says", async () => {
      const source = block("js");
      expect(source).toContain(`"${options.readmeUrl}"`);
      const runnable = importFrom(source, options.entry.href).replaceAll(`"${options.readmeUrl}"`, JSON.stringify(options.mockUrl));
      dir = mkdtempSync(path.join(tmpdir(), "readme-example-"));
      const file = path.join(dir, "example.mjs");
      writeFileSync(file, runnable);
      const lines: string[] = [];
      vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void lines.push(args.join(" ")));
      await import(pathToFileURL(file).href);
      expect(lines.join("\n")).toBe(block("text").trimEnd());
    });

    it("type-checks as TypeScript (strict)", () => {
      dir = mkdtempSync(path.join(tmpdir(), "readme-example-"));
      const file = path.join(dir, "example.mts");
      writeFileSync(file, importFrom(block("js"), fileURLToPath(options.entry)));
      const program = ts.createProgram([file], {
        strict: true,
        noUncheckedIndexedAccess: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
        types: [],
        skipLibCheck: true,
        allowImportingTsExtensions: true,
        noEmit: true,
        ...options.compilerOptions,
      });
      const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      expect(problems).toEqual([]);
    });
  });
}
