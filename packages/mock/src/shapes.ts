// The shapes every API's mock shares: a request as the front sees it, a reply, Prism's findings,
// and the behaviour hooks each API implements in its own folder (src/<api>/behaviour.ts): route
// gating by server version or edition, signature checks, and errors in the real server's shape.
import { findOperation, type LoadedSpec, type SpecOperation } from "./apis.js";

export interface MockRequest {
  method: string;
  /** The spec's path: the requested one, or the documented path a real-server alias stands for. */
  pathname: string;
  /** The path the client asked for, when it was an alias (OpenChat's real surfaces); error bodies echo it. */
  requestedPath?: string;
  /** The query string with its leading `?`, or "". */
  search: string;
  rawHeaders: readonly string[];
  body: Buffer;
}

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

export interface Violation {
  location?: string[];
  code?: string | number;
  message?: string;
}

export interface BehaviourOptions {
  /** WuKongIM server version to emulate; routes it does not have answer 404. */
  wukongimVersion: string;
  /** Wildfire edition to emulate: `community` answers pro routes with HTTP 500, as that server does. */
  wildfireEdition: "community" | "pro";
  /** Wildfire admin secret. */
  wildfireSecret: string;
  /** Check that wildfire timestamps are at most two hours old (the release config does). */
  wildfireCheckTime: boolean;
}

export interface Behaviour {
  /** Answers the request without Prism (unknown route, bad signature, unparsable body), or undefined to forward it. */
  before(req: MockRequest): Reply | undefined;
  /** Turns Prism's validation answers into the API's error shape; other answers pass through unchanged (the same object). */
  after(req: MockRequest, reply: Reply, violations: Violation[]): Reply;
  /** The answer when the mock itself failed (its Prism host died, or it built an answer that breaks the spec): the server's own 500. */
  crashed(req: MockRequest, message: string): Reply;
}

export const json = (status: number, body: unknown, contentType = "application/json; charset=utf-8"): Reply => ({
  status,
  headers: { "content-type": contentType },
  body: JSON.stringify(body),
});

/** `body.channel_id: must have required property 'channel_id'`, for every request violation. */
export function describeViolations(violations: Violation[]): string {
  const request = violations.filter((v) => v.location?.[0] === "request");
  const list = (request.length ? request : violations).map((v) => {
    const where = (v.location ?? []).slice(1).join(".");
    return where ? `${where}: ${v.message ?? v.code}` : String(v.message ?? v.code);
  });
  return list.join("; ") || "invalid request";
}

export function parseViolations(header: string | undefined): Violation[] {
  if (!header) return [];
  try {
    const parsed: unknown = JSON.parse(header);
    return Array.isArray(parsed) ? (parsed as Violation[]) : [];
  } catch {
    return [];
  }
}

export function isPrismValidationFailure(reply: Reply, violations: Violation[]): boolean {
  if (reply.status === 422) return true;
  return reply.status === 400 && violations.some((v) => v.location?.[0] === "request");
}

export function route(spec: LoadedSpec, req: MockRequest): { operation?: SpecOperation; pathKnown: boolean } {
  return findOperation(spec, req.method === "HEAD" ? "GET" : req.method, req.pathname);
}

/** Keeps Prism's `sl-violations` header on a reply that replaces Prism's, for debugging. */
export function keepViolations(behaviour: Behaviour): Behaviour {
  return {
    before: (req) => behaviour.before(req),
    crashed: (req, message) => behaviour.crashed(req, message),
    after(req, reply, violations) {
      const out = behaviour.after(req, reply, violations);
      const header = reply.headers["sl-violations"];
      if (out === reply || header === undefined || out.headers["sl-violations"] !== undefined) return out;
      return { ...out, headers: { ...out.headers, "sl-violations": header } };
    },
  };
}
