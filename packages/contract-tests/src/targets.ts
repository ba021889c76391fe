import { API_NAMES, type ApiName } from "@im-openapi/mock";
import { ContractError } from "./errors.js";
import { loadContract } from "./spec.js";

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
  /**
   * Which URL layout the server serves the spec's operations at: `document` (default; the published
   * `/api/v1/...` paths, as the mock serves them), `e233c52` or `v3` (the spec's `x-openchat-paths`).
   */
  surface?: OpenchatSurface | undefined;
  mock?: boolean | undefined;
}

export const OPENCHAT_SURFACES = ["document", "e233c52", "v3"] as const;
export type OpenchatSurface = (typeof OPENCHAT_SURFACES)[number];

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
  /** OpenChat: the URL layout the server serves the spec's operations at. */
  surface?: OpenchatSurface | undefined;
  /** OpenChat on a surface other than `document`: document path -> the path the server serves it at. */
  paths?: Readonly<Record<string, string>> | undefined;
}

/**
 * The URL a request to `path` (a document path, possibly with a query) goes to on the target: the
 * target's base URL and, on an OpenChat surface, the path that surface serves the operation at.
 */
export function serverUrl(target: Target, path: string): string {
  const q = path.indexOf("?");
  const bare = q < 0 ? path : path.slice(0, q);
  const mapped = target.paths?.[bare];
  return `${target.url}${mapped ?? bare}${q < 0 ? "" : path.slice(q)}`;
}

/** Document path -> served path for an OpenChat surface, from the spec's `x-openchat-paths`. */
export function surfacePathsOf(doc: Record<string, unknown>, surface: OpenchatSurface): Record<string, string> | undefined {
  if (surface === "document") return undefined;
  const out: Record<string, string> = {};
  for (const [path, item] of Object.entries((doc["paths"] ?? {}) as Record<string, Record<string, Record<string, unknown>>>)) {
    for (const op of Object.values(item)) {
      const served = (op?.["x-openchat-paths"] as Record<string, string> | undefined)?.[surface];
      if (typeof served === "string") out[path] = served;
    }
  }
  return out;
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
    const surface = oc.surface ?? "document";
    if (!(OPENCHAT_SURFACES as readonly string[]).includes(surface)) throw new ContractError(`the OpenChat surface must be one of ${OPENCHAT_SURFACES.join(", ")}, got '${String(surface)}'`);
    out.push({ api: "openchat", url: normalizeUrl(oc.url, "the openchat URL"), mock, token: oc.token || undefined, username: oc.username || undefined, password: oc.password || undefined, surface, paths: surfacePathsOf(loadContract("openchat").doc, surface) });
  }
  if (out.length === 0) throw new ContractError("no server to check; give at least one of the wukongim, wildfire and openchat targets");
  return out;
}
