import { API_NAMES, type ApiName } from "@im-openapi/mock";
import { ContractError } from "./errors.js";

/** A WuKongIM server to check. */
export interface WukongimTargetOptions {
  url: string;
  /** The server's version; routes that version does not have are expected to answer 404. Default: the spec's. */
  version?: string | undefined;
  /** Sent as the `token` header when the server sets `managerToken`. */
  token?: string | undefined;
  /** The target is an im-mock: every example request must succeed, and no scenario runs (the mock keeps no state). */
  mock?: boolean | undefined;
}

/** A wildfire im-server admin API to check. */
export interface WildfireTargetOptions {
  url: string;
  /** Admin secret requests are signed with. Default `123456`, the server's shipped default. */
  secret?: string | undefined;
  /** `community` (default for servers) expects pro routes to answer as missing; `pro` (default for mocks) expects them to work. */
  edition?: "community" | "pro" | undefined;
  mock?: boolean | undefined;
}

/** An OpenChat IM API to check: a token, or a username and password to log in with. */
export interface OpenchatTargetOptions {
  url: string;
  token?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
  mock?: boolean | undefined;
}

export interface ContractTargets {
  wukongim?: WukongimTargetOptions | undefined;
  wildfire?: WildfireTargetOptions | undefined;
  openchat?: OpenchatTargetOptions | undefined;
}

/** One API's target after validation, as the checks use it. */
export interface Target {
  api: ApiName;
  /** Base URL without a trailing slash. */
  url: string;
  mock: boolean;
  /** WuKongIM: the declared server version (undefined: the spec's). */
  version?: string | undefined;
  /** wildfire: the declared edition. */
  edition?: "community" | "pro" | undefined;
  secret?: string | undefined;
  token?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
}

/** Checks that `url` is an absolute http(s) URL and returns it without trailing slashes. */
export function normalizeUrl(url: string, name: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ContractError(`${name} '${url}' is not an http(s) URL; give one such as http://127.0.0.1:5001`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new ContractError(`${name} '${url}' is not an http(s) URL; give one such as http://127.0.0.1:5001`);
  }
  if (parsed.search || parsed.hash) throw new ContractError(`${name} '${url}' has a query or fragment; give the server's base URL, such as http://127.0.0.1:5001`);
  return url.replace(/\/+$/, "");
}

/** Validates the targets; throws a ContractError naming the option that is wrong. */
export function resolveTargets(targets: ContractTargets): Target[] {
  const out: Target[] = [];
  for (const key of Object.keys(targets)) {
    if (!(API_NAMES as readonly string[]).includes(key)) throw new ContractError(`unknown API '${key}'; choose from ${API_NAMES.join(", ")}`);
  }
  const wk = targets.wukongim;
  if (wk) out.push({ api: "wukongim", url: normalizeUrl(wk.url, "the wukongim URL"), mock: wk.mock ?? false, version: wk.version || undefined, token: wk.token || undefined });
  const wf = targets.wildfire;
  if (wf) {
    const mock = wf.mock ?? false;
    const edition = wf.edition ?? (mock ? "pro" : "community");
    if (edition !== "community" && edition !== "pro") throw new ContractError(`the wildfire edition must be community or pro, got '${String(edition)}'`);
    out.push({ api: "wildfire", url: normalizeUrl(wf.url, "the wildfire URL"), mock, edition, secret: wf.secret || "123456" });
  }
  const oc = targets.openchat;
  if (oc) {
    const mock = oc.mock ?? false;
    if (!mock && !oc.token && !(oc.username && oc.password)) {
      throw new ContractError("OpenChat needs a token, or a username and a password to log in with");
    }
    out.push({ api: "openchat", url: normalizeUrl(oc.url, "the openchat URL"), mock, token: oc.token || undefined, username: oc.username || undefined, password: oc.password || undefined });
  }
  if (out.length === 0) throw new ContractError("no server to check; give at least one of the wukongim, wildfire and openchat targets");
  return out;
}
