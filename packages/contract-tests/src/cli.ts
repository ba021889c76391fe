// The `im-contract` command: checks servers against their contracts, writes the report, and exits
// 0 exactly when the report has no violation and no failed check.
import path from "node:path";
import { parseArgs } from "node:util";
import { API_NAMES, type ApiName } from "@im-openapi/mock";
import { ContractError } from "./errors.js";
import { describeFailure, plural, writeReport, type Check, type ContractReport } from "./report.js";
import { runContract, TOOL, type RunOptions } from "./run.js";
import { OPENCHAT_SURFACES, type ContractTargets, type OpenchatSurface } from "./targets.js";
import { resolveWebhook, WEBHOOK_APIS, type WebhookApi } from "./webhook.js";

export const USAGE = `Usage: im-contract [options]

Checks WuKongIM, wildfire admin and OpenChat IM servers against their OpenAPI contracts: every
operation is sent with the spec's example request and the request and the answer are validated
against the spec. Read-only unless --write is given.

Targets (at least one):
  --wukongim <url>             a WuKongIM server, e.g. http://127.0.0.1:5001
  --wukongim-version <ver>     its version (default: the spec's); routes it lacks must answer 404
  --wukongim-token <token>     its managerToken, sent as the token header (or WUKONGIM_TOKEN)
  --wildfire <url>             a wildfire im-server admin API, e.g. http://127.0.0.1:18080
  --wildfire-secret <secret>   admin secret to sign with (or WILDFIRE_SECRET; default 123456)
  --wildfire-edition <name>    community (default) or pro; on community, pro routes must answer 500
  --openchat <url>             an OpenChat server, e.g. http://127.0.0.1:3000
  --openchat-token <jwt>       a bearer token (or OPENCHAT_TOKEN), or instead:
  --openchat-username <name>   log in with this user
  --openchat-password <pass>   and this password (or OPENCHAT_PASSWORD)
  --openchat-surface <name>    the URL layout it serves: document (default, /api/v1/...), e233c52
                               (/im/api/v1/...) or v3 (/im/v3/..., /admin/im/v3/...; log in as an
                               admin) (or OPENCHAT_SURFACE)

Webhook receiver:
  --webhook-receiver <url>     your receiver, as configured on the server (WuKongIM: webhook.httpAddr;
                               wildfire: the base of the callback URLs, each sent to <url>/<name>;
                               openchat: its receiver, e.g. http://host:3000/webhook/wukongim);
                               every example event of the spec is sent as the server sends it, then
                               invalid ones it must answer with a 4xx (needs --webhook-api)
  --webhook-api <api>          whose events to send: wukongim, wildfire or openchat

Run:
  --write                      also send what changes server state: the write operations with the
                               spec's examples, and the scenarios (resources named ct<time>_...,
                               removed at the end). Use a test server.
  --fuzz                       also send requests drawn from each operation's schemas (valid ones
                               and ones broken in one place) and judge every answer; a failing
                               request is shrunk to a minimal one. Read-only unless --write.
  --fuzz-runs <n>              requests per operation at most (default 100)
  --fuzz-seconds <s>           time budget per API (default 120); operations share it
  --seed <n>                   the fuzz seed (default: random; printed in the report to replay)
  --only <ids>                 check only these operations (comma-separated operationIds)
  --report <dir>               where contract-report.json and .md go (default: ./contract-report)
  --json                       print the report as JSON instead of the summary
  --log                        print one line per check as it completes
  -h, --help                   show this help
  --version                    show the version

Exit codes: 0 no violation and no failed check; 1 the report has findings; 2 the run could not
start (a bad option, a server that cannot be reached, a secret or token it refuses).`;

/** Options the CLI understands; a later mode adds its flags here and its suite in run.ts. */
const OPTIONS = {
  wukongim: { type: "string" },
  "wukongim-version": { type: "string" },
  "wukongim-token": { type: "string" },
  wildfire: { type: "string" },
  "wildfire-secret": { type: "string" },
  "wildfire-edition": { type: "string" },
  openchat: { type: "string" },
  "openchat-token": { type: "string" },
  "openchat-username": { type: "string" },
  "openchat-password": { type: "string" },
  "openchat-surface": { type: "string" },
  "webhook-receiver": { type: "string" },
  "webhook-api": { type: "string" },
  write: { type: "boolean" },
  fuzz: { type: "boolean" },
  "fuzz-runs": { type: "string" },
  "fuzz-seconds": { type: "string" },
  seed: { type: "string" },
  only: { type: "string" },
  report: { type: "string" },
  json: { type: "boolean" },
  log: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true; allowPositionals: false }>>["values"];

function targetsFrom(v: Values, env: NodeJS.ProcessEnv): ContractTargets {
  const needs = (flag: keyof Values, parent: ApiName) => {
    if (v[flag] !== undefined && v[parent] === undefined) throw new ContractError(`--${String(flag)} needs --${parent} <url>`);
  };
  needs("wukongim-version", "wukongim");
  needs("wukongim-token", "wukongim");
  needs("wildfire-secret", "wildfire");
  needs("wildfire-edition", "wildfire");
  for (const f of ["openchat-token", "openchat-username", "openchat-password", "openchat-surface"] as const) needs(f, "openchat");
  for (const api of API_NAMES) {
    if (v[api] !== undefined && (v[api] === "" || v[api]!.startsWith("--"))) throw new ContractError(`--${api} needs the server's URL, e.g. --${api} http://127.0.0.1:${{ wukongim: 5001, wildfire: 18080, openchat: 3000 }[api]}`);
  }
  const edition = v["wildfire-edition"];
  if (edition !== undefined && edition !== "community" && edition !== "pro") throw new ContractError(`--wildfire-edition must be community or pro, got '${edition}'`);
  const targets: ContractTargets = {};
  if (v.wukongim !== undefined) targets.wukongim = { url: v.wukongim, version: v["wukongim-version"], token: v["wukongim-token"] ?? env["WUKONGIM_TOKEN"] };
  if (v.wildfire !== undefined) targets.wildfire = { url: v.wildfire, secret: v["wildfire-secret"] ?? env["WILDFIRE_SECRET"], edition };
  if (v.openchat !== undefined) {
    const token = v["openchat-token"] ?? (v["openchat-username"] ? undefined : env["OPENCHAT_TOKEN"]);
    const username = v["openchat-username"];
    const password = v["openchat-password"] ?? (username ? env["OPENCHAT_PASSWORD"] : undefined);
    if (token && username) throw new ContractError("give --openchat-token or --openchat-username with --openchat-password, not both");
    if (!token && !(username && password)) throw new ContractError("--openchat needs --openchat-token <jwt>, or --openchat-username <name> with --openchat-password <pass>");
    const surface = v["openchat-surface"] ?? env["OPENCHAT_SURFACE"];
    if (surface !== undefined && !(OPENCHAT_SURFACES as readonly string[]).includes(surface)) throw new ContractError(`--openchat-surface must be one of ${OPENCHAT_SURFACES.join(", ")}, got '${surface}'`);
    targets.openchat = { url: v.openchat, token, username, password, surface: surface as OpenchatSurface | undefined };
  }
  if (Object.keys(targets).length === 0 && v["webhook-receiver"] === undefined) throw new ContractError("no server to check; pass --wukongim <url>, --wildfire <url>, --openchat <url> or --webhook-receiver <url> (im-contract --help lists the options)");
  return targets;
}

/** A whole number from an option, or a ContractError naming the option. */
function wholeNumber(value: string, flag: string, min: number): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < min || !Number.isSafeInteger(Number(value))) throw new ContractError(`${flag} needs a whole number of at least ${min}, got '${value}'`);
  return Number(value);
}

function webhookFrom(v: Values): RunOptions["webhook"] {
  const url = v["webhook-receiver"];
  const api = v["webhook-api"];
  if (api !== undefined && url === undefined) throw new ContractError("--webhook-api needs --webhook-receiver <url>");
  if (url === undefined) return undefined;
  if (api === undefined) throw new ContractError(`--webhook-receiver needs --webhook-api <api>, one of ${WEBHOOK_APIS.join(", ")}`);
  return resolveWebhook({ api: api as WebhookApi, url });
}

function fuzzFrom(v: Values): RunOptions["fuzz"] {
  for (const flag of ["fuzz-runs", "fuzz-seconds", "seed"] as const) {
    if (v[flag] !== undefined && !v.fuzz) throw new ContractError(`--${flag} needs --fuzz`);
  }
  if (!v.fuzz) return undefined;
  const seconds = v["fuzz-seconds"] === undefined ? undefined : Number(v["fuzz-seconds"]);
  if (seconds !== undefined && !(seconds > 0 && Number.isFinite(seconds))) throw new ContractError(`--fuzz-seconds needs a number of seconds above 0, got '${v["fuzz-seconds"]}'`);
  return {
    runs: v["fuzz-runs"] === undefined ? undefined : wholeNumber(v["fuzz-runs"], "--fuzz-runs", 1),
    seconds,
    seed: v.seed === undefined ? undefined : wholeNumber(v.seed, "--seed", 0),
  };
}

function logLine(check: Check): string {
  const tag = check.outcome === "passed" ? "PASS" : check.outcome === "failed" ? "FAIL" : "SKIP";
  const status = check.status !== undefined ? ` ${check.status}` : "";
  return `${tag} ${check.api.padEnd(8)} ${check.name}${status}${check.outcome === "skipped" && check.note ? ` (${check.note})` : ""}`;
}

/** The human summary: per API, then the findings (at most `limit` lines), the report files and the verdict. */
export function summary(report: ContractReport, files: { json: string; markdown: string }, limit = 20): string {
  const lines: string[] = [];
  for (const api of API_NAMES) {
    const a = report.apis[api];
    const t = report.targets[api];
    if (!a || !t) continue;
    const skipped = a.skipped ? `, ${a.skipped} skipped` : "";
    lines.push(`${api.padEnd(9)}${t.url}${t.surface && t.surface !== "document" ? ` (surface ${t.surface})` : ""}  ${a.operationsChecked} of ${plural(a.operations, "operation")} checked, ${plural(a.violations, "violation")}, ${plural(a.failed, "failed check")}${skipped}`);
  }
  if (report.webhook) {
    const hooks = report.checks.filter((c) => c.kind === "webhook");
    lines.push(`webhook  ${report.webhook.url}  ${report.webhook.api} receiver: ${plural(hooks.filter((c) => c.outcome !== "skipped").length, "delivery check")}, ${plural(hooks.filter((c) => c.outcome === "failed").length, "failed check")}`);
  }
  const findings = report.checks.filter((c) => c.outcome === "failed").flatMap(describeFailure);
  if (findings.length) {
    lines.push("", "Findings:");
    for (const f of findings.slice(0, limit)) lines.push(`  ${f}`);
    if (findings.length > limit) lines.push(`  ... and ${findings.length - limit} more in the report`);
  }
  if (report.mode.fuzz) {
    const fuzzed = report.checks.filter((c) => c.kind === "fuzz" && c.fuzz);
    const sent = fuzzed.reduce((n, c) => n + (c.fuzz?.runs ?? 0), 0);
    lines.push("", `Fuzzing: ${plural(fuzzed.length, "operation")}, ${plural(sent, "request")}, seed ${report.mode.fuzz.seed} (replay with --seed ${report.mode.fuzz.seed})`);
  }
  if (!report.mode.write && report.checks.some((c) => c.outcome === "skipped" && c.kind !== "webhook")) lines.push("", "Read-only run: operations and scenario steps that change server state were skipped (--write includes them).");
  lines.push("", `Report: ${files.markdown}`, `        ${files.json}`);
  const t = report.totals;
  lines.push(report.ok ? `PASS: 0 violations, 0 failed checks` : `FAIL: ${plural(t.violations, "violation")}, ${plural(t.failed, "failed check")}`);
  return lines.join("\n");
}

/** Runs the command; resolves to the exit code. Output goes to `out` (stdout) and `err` (stderr). */
export async function main(argv: string[], io: { out: (s: string) => void; err: (s: string) => void; env: NodeJS.ProcessEnv } = { out: (s) => process.stdout.write(s + "\n"), err: (s) => process.stderr.write(s + "\n"), env: process.env }): Promise<number> {
  try {
    let values: Values;
    try {
      values = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
    } catch (error) {
      const message = (error as Error).message;
      const option = /^Option '(--[\w-]+)/.exec(message)?.[1];
      // "argument missing" and "argument is ambiguous" (the next word is an option) both mean no value.
      if (option && /argument (missing|is ambiguous)/.test(message)) throw new ContractError(`${option} needs a value. Run im-contract --help for the options.`);
      throw new ContractError(`${message.split("\n")[0]!.replace(/\.$/, "")}. Run im-contract --help for the options.`);
    }
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    if (values.version) {
      io.out(TOOL.version);
      return 0;
    }
    const targets = targetsFrom(values, io.env);
    const fuzz = fuzzFrom(values);
    const webhook = webhookFrom(values);
    const dir = path.resolve(values.report ?? "contract-report");
    const report = await runContract({ targets, webhook, write: values.write ?? false, fuzz, operations: values.only?.split(",").map((s) => s.trim()).filter(Boolean), onCheck: values.log ? (c) => io.err(logLine(c)) : undefined });
    let files;
    try {
      files = writeReport(report, dir);
    } catch (error) {
      throw new ContractError(`cannot write the report to ${dir}: ${(error as Error).message}; choose another directory with --report`);
    }
    io.out(values.json ? JSON.stringify(report, null, 2) : summary(report, { json: path.relative(process.cwd(), files.json) || files.json, markdown: path.relative(process.cwd(), files.markdown) || files.markdown }));
    return report.ok ? 0 : 1;
  } catch (error) {
    if (error instanceof ContractError) {
      io.err(`im-contract: ${error.message}`);
      return 2;
    }
    io.err(`im-contract: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 2;
  }
}
