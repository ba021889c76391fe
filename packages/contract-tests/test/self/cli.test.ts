// im-contract as a user runs it: a child process, its exit code, its output and the report files.
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { main } from "../../src/cli.js";
import { loadContract } from "../../src/spec.js";
import type { ContractReport } from "../../src/report.js";
import { cli, closedPort, run, startDriftingServer, startUnsignedWildfire, type Running } from "./servers.js";

const mocks = inject("contractMocks");
const tempDir = () => mkdtempSync(path.join(os.tmpdir(), "im-contract-test-"));
const readReport = (dir: string) => JSON.parse(readFileSync(path.join(dir, "contract-report.json"), "utf8")) as ContractReport;
const contract = (args: string[], cwd?: string) => run([cli, ...args], { cwd: cwd ?? tempDir() });
/** main() in process: what the command runs, without the cost of a process (the exit path is tested above). */
async function inProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s), env: {} });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

let drifting: Running;
beforeAll(async () => {
  drifting = await startDriftingServer();
});
afterAll(() => drifting.close());

describe("im-contract", () => {
  it("exits 0 against the three mocks, read-only, and writes the JSON and Markdown reports", async () => {
    const dir = tempDir();
    const r = await contract(["--wukongim", mocks.wukongim!, "--wildfire", mocks.wildfire!, "--wildfire-edition", "pro", "--openchat", mocks.openchat!, "--openchat-token", "any-token", "--report", dir]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("PASS: 0 violations, 0 failed checks");
    expect(r.stdout).toMatch(/^wukongim\s+http:\/\/127\.0\.0\.1:\d+\s+\d+ of \d+ operations checked, 0 violations, 0 failed checks/m);
    const report = readReport(dir);
    expect(report.ok).toBe(true);
    expect(report.mode.write).toBe(false);
    expect(Object.keys(report.targets).sort()).toEqual(["openchat", "wildfire", "wukongim"]);
    expect(report.totals.operationsChecked).toBeGreaterThan(100);
    expect(report.checks.filter((c) => c.outcome === "failed")).toEqual([]);
    // Read-only: everything that changes state is listed as skipped, nothing of it was sent.
    const specs = { wukongim: loadContract("wukongim"), wildfire: loadContract("wildfire"), openchat: loadContract("openchat") };
    for (const c of report.checks.filter((c) => c.kind === "sweep")) {
      const op = specs[c.api].operations.find((o) => o.operationId === c.operation)!;
      expect(c.outcome === "skipped", `${c.name}`).toBe(!op.readOnly);
    }
    expect(report.checks.some((c) => c.kind === "scenario" && c.outcome === "passed" && c.name.includes("answers 244"))).toBe(true);
    expect(readFileSync(path.join(dir, "contract-report.md"), "utf8")).toContain("**PASS**");
  }, 120_000);

  it("exits 1 against a drifting server and names each violation, with its JSON path, in both reports", async () => {
    const dir = tempDir();
    const r = await contract(["--wukongim", drifting.url, "--report", dir, "--json"]);
    expect(r.code, r.stderr).toBe(1);
    const report = readReport(dir);
    expect(JSON.parse(r.stdout)).toEqual(report); // --json prints the same report that was written
    expect(report.ok).toBe(false);
    const violations = report.checks.flatMap((c) => c.violations);
    expect(violations).toContainEqual(expect.objectContaining({ operation: "getHealth", direction: "response", at: "/status", actual: '"fine"' }));
    expect(violations).toContainEqual(expect.objectContaining({ operation: "getChannelMaxMessageSeq", direction: "response", at: "/message_seq", expected: expect.stringContaining("integer"), actual: '"12"' }));
    expect(report.totals.violations).toBe(violations.length);
    const md = readFileSync(path.join(dir, "contract-report.md"), "utf8");
    expect(md).toContain("**FAIL**");
    expect(md).toContain("| wukongim | getChannelMaxMessageSeq (GET /channel/max_message_seq) | response | /message_seq | must be integer");

    // The summary a person reads.
    const human = await inProcess(["--wukongim", drifting.url, "--report", tempDir()]);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain("wukongim getHealth (GET /health) response /status: expected must be equal to one of the allowed values");
    expect(human.stdout).toMatch(/^FAIL: \d+ violations, \d+ failed checks$/m);
  }, 120_000);

  it("exits 1 when a pro server is declared community: every pro route that answers is a failed check", async () => {
    const dir = tempDir();
    const r = await inProcess(["--wildfire", mocks.wildfire!, "--report", dir]); // community is the default
    expect(r.code, r.stderr).toBe(1);
    const report = readReport(dir);
    const spec = loadContract("wildfire");
    const proReads = spec.operations.filter((o) => o.edition === "pro" && o.readOnly).map((o) => o.operationId).sort();
    expect(proReads.length).toBeGreaterThan(5);
    const failed = report.checks.filter((c) => c.outcome === "failed");
    expect(failed.map((c) => c.operation).sort()).toEqual(proReads);
    for (const c of failed) {
      expect(c.expected).toContain("HTTP 500 with an empty body, as for a missing route (pro edition only; the server is declared community)");
      expect(c.actual).toMatch(/^HTTP 200 /);
    }
    expect(report.totals).toMatchObject({ violations: 0, failed: proReads.length });
    expect(readFileSync(path.join(dir, "contract-report.md"), "utf8")).toContain("## Failed checks");
    expect(r.stdout).toContain(`FAIL: 0 violations, ${proReads.length} failed checks`);
  }, 120_000);

  it("exits 1 when a scenario step's expectation fails, naming what was expected and what came back", async () => {
    const unsigned = await startUnsignedWildfire();
    try {
      const dir = tempDir();
      const r = await inProcess(["--wildfire", unsigned.url, "--wildfire-edition", "pro", "--report", dir]);
      expect(r.code, r.stderr).toBe(1);
      const report = readReport(dir);
      const step = report.checks.find((c) => c.name === "scenario: answers 239 without signature headers")!;
      expect(step).toMatchObject({
        kind: "scenario",
        outcome: "failed",
        expected: 'the body {"code":239,"msg":"api not signed or sign parameter not completion"}',
        actual: '{"code":0,"msg":"success"}',
      });
      expect(readFileSync(path.join(dir, "contract-report.md"), "utf8")).toContain('| wildfire | scenario: answers 239 without signature headers | the body {"code":239');
      expect(r.stdout).toContain('wildfire scenario: answers 239 without signature headers: expected the body {"code":239');
    } finally {
      await unsigned.close();
    }
  }, 120_000);

  it("sends the write operations and runs the write steps with --write, and exits as its report says", async () => {
    const dir = tempDir();
    const r = await inProcess(["--wildfire", mocks.wildfire!, "--wildfire-edition", "pro", "--write", "--report", dir]);
    const report = readReport(dir);
    expect(report.mode.write).toBe(true);
    expect(report.checks.filter((c) => c.outcome === "skipped")).toEqual([]);
    expect(report.checks.filter((c) => c.kind === "scenario").map((c) => c.name)).toContain("scenario: creates two users and reads one back");
    // The mock keeps only what its journal records, so the steps may or may not pass; the exit code follows the report.
    expect(r.code).toBe(report.ok ? 0 : 1);
  }, 120_000);

  it("answers each usage error with one line on stderr, exit 2 and no report", async () => {
    const port = await closedPort();
    const cases: [string[], RegExp][] = [
      [[], /no server to check; pass --wukongim <url>, --wildfire <url>, --openchat <url> or --webhook-receiver <url>/],
      [["--wukongim"], /--wukongim needs a value/],
      [["--wukongim", "--write"], /--wukongim needs a value/],
      [["--wukongim", "localhost:5001"], /the wukongim URL 'localhost:5001' is not an http\(s\) URL/],
      [["--wukongim", "ftp://127.0.0.1:5001"], /is not an http\(s\) URL/],
      [["--frob"], /Unknown option '--frob'\. Run im-contract --help/],
      [["extra"], /Unexpected argument 'extra'/],
      [["--openchat", mocks.openchat!], /--openchat needs --openchat-token <jwt>, or --openchat-username <name> with --openchat-password <pass>/],
      [["--wildfire-secret", "s"], /--wildfire-secret needs --wildfire <url>/],
      [["--wildfire", mocks.wildfire!, "--wildfire-edition", "enterprise"], /--wildfire-edition must be community or pro, got 'enterprise'/],
      [["--wukongim", `http://127.0.0.1:${port}`], new RegExp(`cannot reach the wukongim server at http://127.0.0.1:${port}: connection refused.*\\(ECONNREFUSED\\)`)],
      [["--wildfire", mocks.wildfire!, "--wildfire-secret", "not-the-secret"], /refuses requests signed with the given secret .*--wildfire-secret/],
    ];
    // Every case through main(), in process; two of them also through the installed command.
    for (const [args, message] of cases) {
      const r = await inProcess(args);
      expect({ args, code: r.code, stdout: r.stdout, lines: r.stderr.split("\n").length }).toEqual({ args, code: 2, stdout: "", lines: 1 });
      expect(r.stderr).toMatch(/^im-contract: /);
      expect(r.stderr).toMatch(message);
    }
    for (const [args, message] of [cases[0]!, cases[10]!]) {
      const cwd = tempDir();
      const r = await contract(args, cwd);
      expect({ args, code: r.code, stdout: r.stdout }).toEqual({ args, code: 2, stdout: "" });
      const lines = r.stderr.trim().split("\n");
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(readdirSync(cwd)).toEqual([]);
    }
  }, 120_000);

  it("prints every option with --help and the package's version with --version", async () => {
    const help = await inProcess(["--help"]);
    expect(help.code).toBe(0);
    for (const option of ["--wukongim", "--wukongim-version", "--wildfire", "--wildfire-secret", "--wildfire-edition", "--openchat", "--openchat-token", "--openchat-username", "--openchat-password", "--write", "--fuzz", "--fuzz-runs", "--fuzz-seconds", "--seed", "--only", "--report", "--json", "--log", "--version"]) {
      expect(help.stdout).toContain(`  ${option} `);
    }
    const version = await contract(["--version"]);
    expect(version.stdout.trim()).toBe((JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version);
  }, 60_000);
});
