// Before any check: is each server there, and does it accept the secret or token it was given? A
// failure here is the user's setup, not a contract finding, so it stops the run with a ContractError.
import { ContractError, networkReason } from "./errors.js";
import { authHeaders, send } from "./exchange.js";
import { shortText } from "./expect.js";
import type { Check } from "./report.js";
import type { Spec } from "./spec.js";
import { ContractValidator, type ExchangeRecord } from "./validator.js";
import { serverUrl, type Target } from "./targets.js";

const OPTION: Record<string, string> = { wukongim: "--wukongim (WUKONGIM_URL)", wildfire: "--wildfire (WILDFIRE_URL)", openchat: "--openchat (OPENCHAT_URL)" };

async function ask(target: Target, method: string, path: string, body: unknown, headers: Record<string, string>, timeoutMs: number): Promise<ExchangeRecord> {
  try {
    return await send(method, serverUrl(target, path), body as never, headers, timeoutMs);
  } catch (error) {
    throw new ContractError(`cannot reach the ${target.api} server at ${target.url}: ${networkReason(error, timeoutMs)}; check ${OPTION[target.api]} and that the server is running`);
  }
}

/** Checks the server answers HTTP at all, and that it accepts the given credentials. Returns an OpenChat token obtained by logging in, with the login's check. */
export async function preflight(target: Target, spec: Spec, runPrefix: string, timeoutMs: number): Promise<{ token?: string | undefined; check?: Check | undefined }> {
  const health = { wukongim: "/health", wildfire: "/admin/health", openchat: "/api/v1/im/health" }[target.api];
  await ask(target, "GET", health, undefined, {}, timeoutMs);
  if (target.api === "wildfire") {
    const r = await ask(target, "POST", "/admin/user/get_info", { userId: `${runPrefix}_nobody` }, authHeaders(target), timeoutMs);
    if (/"code"\s*:\s*24[34]\b/.test(r.bodyText)) {
      throw new ContractError(`the wildfire server at ${target.url} refuses requests signed with the given secret (${shortText(r.bodyText, 80)}); pass its admin secret with --wildfire-secret (WILDFIRE_SECRET)${/243/.test(r.bodyText) ? ", and check this machine's clock" : ""}`);
    }
  }
  if (target.api !== "openchat" || target.mock) return {};
  if (target.token) {
    const r = await ask(target, "GET", "/api/v1/im/config", undefined, authHeaders(target), timeoutMs);
    if (r.status === 401 || r.status === 403) throw new ContractError(`the OpenChat server at ${target.url} refuses the given token (HTTP ${r.status}); pass a valid one with --openchat-token (OPENCHAT_TOKEN), or a username and password`);
    return {};
  }
  // Logging in is also a check: the answer must keep the contract and carry a token.
  const op = spec.operations.find((o) => o.path === "/api/v1/auth/login" && o.method === "POST");
  const body = { username: target.username ?? "", password: target.password ?? "" };
  const r = await ask(target, "POST", "/api/v1/auth/login", body, {}, timeoutMs);
  if (r.status === 400 || r.status === 401 || r.status === 403) {
    throw new ContractError(`the OpenChat server at ${target.url} refuses the login of '${target.username}' (HTTP ${r.status}); check --openchat-username and --openchat-password (OPENCHAT_USERNAME, OPENCHAT_PASSWORD)`);
  }
  const validator = new ContractValidator(spec);
  const violations = op ? [...validator.validateRequest(op, body), ...validator.validateResponse(op, r)] : [];
  let token: string | undefined;
  try {
    const found = (JSON.parse(r.bodyText) as { token?: unknown }).token;
    token = typeof found === "string" && found ? found : undefined;
  } catch {
    token = undefined;
  }
  const check: Check = {
    api: "openchat",
    kind: "scenario",
    name: "scenario: logs in with the given username and password",
    operation: op?.operationId,
    method: "POST",
    path: "/api/v1/auth/login",
    outcome: violations.length || !token ? "failed" : "passed",
    expected: "a success with a token, keeping the contract",
    actual: token ? undefined : `HTTP ${r.status} without a token`,
    status: r.status,
    violations,
  };
  return { token, check };
}
