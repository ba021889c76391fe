import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { APIS, GENERATORS, parseArgs, UsageError } from "../src/args.mjs";
import { ogenLeftOut, ogenSkipsWithPointers, pointerAtLine, pythonClientWarned } from "../src/findings.mjs";
import { relevantLines, table } from "../src/output.mjs";

const runScript = fileURLToPath(new URL("../run.mjs", import.meta.url));

describe("parseArgs", () => {
  it("defaults to every API and generator", () => {
    expect(parseArgs([])).toMatchObject({ apis: APIS, generators: GENERATORS, jobs: 2, keep: false });
  });

  it("takes comma lists, in both flag forms, without repeats", () => {
    const options = parseArgs(["--api", "wildfire,openchat,wildfire", "--generator=ogen", "--keep", "--jobs", "3"]);
    expect(options).toMatchObject({ apis: ["wildfire", "openchat"], generators: ["ogen"], keep: true, jobs: 3 });
  });

  it.each([
    [["--api", "slack"], /unknown api "slack"; known: wukongim, wildfire, openchat/],
    [["--generator", "ogen,swagger-codegen"], /unknown generator "swagger-codegen"/],
    [["--api"], /--api needs a value/],
    [["--api", "--keep"], /--api needs a value/],
    [["--jobs", "0"], /--jobs needs a whole number/],
    [["--verbose"], /unknown argument "--verbose"/],
  ])("refuses %j", (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });
});

describe("run.mjs", () => {
  it("exits 2 with one line naming the unknown generator", () => {
    const result = spawnSync(process.execPath, [runScript, "--generator", "nope"], { encoding: "utf8" });
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(`test:generators: unknown generator "nope"; known: ${GENERATORS.join(", ")}`);
  });

  it("prints its usage with --help", () => {
    const result = spawnSync(process.execPath, [runScript, "--help"], { encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("--generator  oapi-codegen, ogen,");
  });
});

describe("relevantLines", () => {
  it("drops noise, colours, blank and repeated lines, and paths under the client folder", () => {
    const output = [
      "INFO\tschemagen\tType is not defined",
      "\x1b[31m[ERROR] /tmp/x/src/A.java:[1,2] error: bad\x1b[0m",
      "",
      "[ERROR] Failed to execute goal",
      "[ERROR] /tmp/x/src/A.java:[1,2] error: bad",
    ].join("\n");
    expect(relevantLines(output, { noise: [/^INFO\b/], dir: "/tmp/x" })).toEqual(["[ERROR] src/A.java:[1,2] error: bad", "[ERROR] Failed to execute goal"]);
  });

  it("keeps the first lines, or the last with tail, and says how many were left out", () => {
    const output = Array.from({ length: 30 }, (_, i) => `line ${i}`).join("\n");
    expect(relevantLines(output, { max: 3 })).toEqual(["line 0", "line 1", "line 2", "… (27 more lines)"]);
    expect(relevantLines(output, { max: 2, tail: true })).toEqual(["…", "line 28", "line 29"]);
  });
});

describe("findings", () => {
  it("reads ogen's skipped operations but not its advice", () => {
    const log = [
      'INFO\tSkipping operation\t{"at": "openapi.json:686:15", "reason_error": "complex anyOf not implemented"}',
      "WARN\tHeader name is not canonical, canonical name will be used",
      '\tignore_not_implemented: ["complex anyOf"]',
    ].join("\n");
    expect(ogenLeftOut(log)).toEqual([log.split("\n")[0]]);
    expect(ogenLeftOut("WARN\tHeader name is not canonical")).toEqual([]);
  });

  it("names the part of the spec ogen skipped, from the line it gives", () => {
    const spec = JSON.stringify({ openapi: "3.1.0", paths: { "/admin/user/get_info": { post: { requestBody: { content: { "application/json": { schema: {} } } } } } } }, null, 2);
    const line = spec.split("\n").findIndex((l) => l.includes('"application/json"')) + 1;
    expect(pointerAtLine(spec, line)).toBe("#/paths/~1admin~1user~1get_info/post/requestBody/content/application~1json");
    const log = `INFO\tSkipping media\t{"at": "openapi.json:${line}:33", "reason_error": "complex anyOf not implemented"}`;
    expect(ogenSkipsWithPointers(log, spec)).toEqual(["ogen leaves out media #/paths/~1admin~1user~1get_info/post/requestBody/content/application~1json: complex anyOf not implemented"]);
  });

  it("reads openapi-python-client's warnings", () => {
    expect(pythonClientWarned("Generating wildfire_client\nWarning(s) encountered while generating. Client was generated, but some pieces may be missing")).toBe(true);
    expect(pythonClientWarned("Generating wildfire_client")).toBe(false);
  });
});

describe("table", () => {
  it("pads columns under a rule", () => {
    expect(table([["", "ogen"], ["wildfire", "FAIL compile"]])).toBe(["          ogen", "--------  ------------", "wildfire  FAIL compile"].join("\n"));
  });
});
