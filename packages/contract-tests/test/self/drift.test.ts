// The suite must fail, and say why, when a server drifts from its contract. This runs the whole
// suite in a child process against a small server that answers with wrong bodies.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ContractReport } from "../../src/report.js";

const root = fileURLToPath(new URL("../../../..", import.meta.url));
let server: http.Server;
let url = "";

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const route = new URL(req.url ?? "/", "http://x").pathname;
    res.setHeader("content-type", "application/json");
    if (route === "/health") return void res.end('{"status":"fine"}');
    if (route === "/channel/max_message_seq") return void res.end('{"message_seq":"12"}');
    res.end("{}");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

describe("against a drifting server", () => {
  it("fails and names each violation with operation, direction, path, expectation and value", async () => {
    const reportDir = mkdtempSync(path.join(os.tmpdir(), "im-drift-"));
    const child = spawn(process.execPath, [path.join(root, "node_modules/vitest/vitest.mjs"), "run", "--project", "contract-tests"], {
      cwd: root,
      env: { ...process.env, WUKONGIM_URL: url, CONTRACT_APIS: "wukongim", CONTRACT_REPORT_DIR: reportDir, CONTRACT_SCENARIOS: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    const code = await new Promise<number | null>((r) => child.once("exit", r));
    expect(code, output.slice(-2000)).toBe(1);

    const report = JSON.parse(readFileSync(path.join(reportDir, "contract-report.json"), "utf8")) as ContractReport;
    const violations = report.results.flatMap((r) => r.violations);
    expect(violations).toContainEqual(expect.objectContaining({ operation: "getHealth", direction: "response", at: "/status", actual: '"fine"' }));
    expect(violations).toContainEqual(expect.objectContaining({ operation: "getChannelMaxMessageSeq", direction: "response", at: "/message_seq", expected: expect.stringContaining("integer"), actual: '"12"' }));
    // A real server is checked read-only unless asked otherwise: nothing that changes state was sent.
    expect(report.results.filter((r) => r.outcome === "skipped-read-only").length).toBeGreaterThan(0);
    expect(report.results.filter((r) => r.outcome === "checked" && r.method !== "GET" && !/^(get|list|search|find|check|count|is|has|query|sync)[A-Z]/.test(r.operation))).toEqual([]);
    const md = readFileSync(path.join(reportDir, "contract-report.md"), "utf8");
    expect(md).toContain("| getChannelMaxMessageSeq (GET /channel/max_message_seq) | response | /message_seq |");
    expect(output).toContain("violations");
  }, 120_000);
});
