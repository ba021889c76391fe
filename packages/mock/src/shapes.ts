// What each API's mock does that Prism cannot: route gating by server version or edition, the
// wildfire signature check, and errors in the real server's own shape instead of Prism's
// problem+json. Everything API-specific about the mock lives in this file.
import { existsInVersion, findOperation, type ApiName, type LoadedSpec, type SpecOperation } from "./apis.js";
import { checkWildfireSignature } from "./wildfire-signature.js";

export interface MockRequest {
  method: string;
  pathname: string;
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
  /** Turns Prism's validation answers into the API's error shape; other answers pass through. */
  after(req: MockRequest, reply: Reply, violations: Violation[]): Reply;
  /** The answer when the mock itself failed (its Prism host died): the server's own 500. */
  crashed(req: MockRequest, message: string): Reply;
}

const json = (status: number, body: unknown, contentType = "application/json; charset=utf-8"): Reply => ({
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

function isPrismValidationFailure(reply: Reply, violations: Violation[]): boolean {
  if (reply.status === 422) return true;
  return reply.status === 400 && violations.some((v) => v.location?.[0] === "request");
}

function route(spec: LoadedSpec, req: MockRequest): { operation?: SpecOperation; pathKnown: boolean } {
  return findOperation(spec, req.method === "HEAD" ? "GET" : req.method, req.pathname);
}

function wukongim(spec: LoadedSpec, options: BehaviourOptions): Behaviour {
  // gin's default answer for a route it does not have (v2 has no 405: a wrong method is also 404).
  const notFound: Reply = { status: 404, headers: { "content-type": "text/plain" }, body: "404 page not found" };
  return {
    before(req) {
      if (req.method === "OPTIONS") return undefined;
      const { operation } = route(spec, req);
      if (!operation || !existsInVersion(operation, options.wukongimVersion)) return notFound;
      return undefined;
    },
    after(_req, reply, violations) {
      if (!isPrismValidationFailure(reply, violations)) return reply;
      return json(400, { msg: describeViolations(violations), status: 400 });
    },
    crashed: (_req, message) => json(500, { msg: message, status: 500 }),
  };
}

function wildfire(spec: LoadedSpec, options: BehaviourOptions): Behaviour {
  // The admin server's UnknownErrorAction: HTTP 500 with an empty body.
  const unknown: Reply = { status: 500, headers: { "content-type": "application/json;charset=utf-8" }, body: "" };
  const envelope = (code: number, msg: string) => json(200, { code, msg }, "application/json;charset=utf-8");
  return {
    before(req) {
      // Only the exact path /admin/health is unsigned; its map is the GET one.
      const { operation } = findOperation(spec, ["POST", "PUT", "DELETE"].includes(req.method) ? req.method : "GET", req.pathname);
      if (!operation) return unknown;
      if (operation.edition === "docs-only") return unknown;
      if (operation.edition === "pro" && options.wildfireEdition === "community") return unknown;
      if (!existsInVersion(operation, spec.version)) return unknown;
      if (req.pathname !== "/admin/health") {
        const check = checkWildfireSignature(req.rawHeaders, options.wildfireSecret, Date.now(), options.wildfireCheckTime);
        if (check.code !== 0) return envelope(check.code, check.msg);
      }
      if (req.method === "POST" && req.body.length > 0) {
        try {
          JSON.parse(req.body.toString("utf8"));
        } catch (error) {
          return {
            status: 500,
            headers: { "content-type": "application/json;charset=utf-8", connection: "close" },
            body: `java.lang.RuntimeException: com.google.gson.JsonSyntaxException: ${(error as Error).message}`,
          };
        }
      }
      return undefined;
    },
    after(_req, reply, violations) {
      if (!isPrismValidationFailure(reply, violations)) return reply;
      return envelope(251, "Invalid parameter");
    },
    // An exception in an action: HTTP 500 with the exception's text, as the admin server answers it.
    crashed: (_req, message) => ({ status: 500, headers: { "content-type": "application/json;charset=utf-8" }, body: `java.lang.RuntimeException: ${message}` }),
  };
}

// The exception filter's fields per status, as OpenChat's GlobalExceptionFilter fills them.
const OPENCHAT_FILTER = {
  400: {
    code: "VAL_001",
    type: "BadRequestError",
    module: "Validation",
    severity: "LOW",
    solution: { description: "Input validation failed", actions: ["Check input format", "Verify required fields", "Review validation constraints"] },
  },
  401: {
    code: "AUTH_004",
    type: "UnauthorizedError",
    module: "Authentication",
    severity: "MEDIUM",
    solution: {
      description: "User is not authenticated",
      actions: ["Login to get access token", "Include Authorization header with Bearer token", "Check if token is still valid"],
    },
  },
  500: {
    code: "SYS_001",
    type: "InternalServerError",
    module: "System",
    severity: "HIGH",
    solution: { description: "Internal server error occurred", actions: ["Try again later", "Contact support if error persists", "Check server logs for details"] },
  },
  404: {
    code: "SYS_001",
    type: "NotFoundError",
    module: "System",
    severity: "LOW",
    solution: { description: "Internal server error occurred", actions: ["Try again later", "Contact support if error persists", "Check server logs for details"] },
  },
} as const;

/** The password of every user in OpenChat's seed data; the mock's login accepts it for any username. */
const OPENCHAT_MOCK_PASSWORD = "OpenChat@123";

function jsonObject(body: string | Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body.toString());
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function openchat(spec: LoadedSpec): Behaviour {
  const filterError = (status: keyof typeof OPENCHAT_FILTER, message: string, path: string) => {
    const { code, type, module, severity, solution } = OPENCHAT_FILTER[status];
    return json(status, {
      success: false,
      error: { code, type, message, module, severity, solution },
      timestamp: new Date().toISOString(),
      path,
    });
  };
  return {
    before(req) {
      if (req.method === "OPTIONS") return undefined;
      const { operation } = route(spec, req);
      if (!operation) return filterError(404, `Cannot ${req.method} ${req.pathname}`, req.pathname);
      return undefined;
    },
    after(req, reply, violations) {
      if (isPrismValidationFailure(reply, violations)) return filterError(400, describeViolations(violations), req.pathname);
      // Prism answers a missing bearer token with the spec's 401 example; the real filter names the
      // request's own path and the current time.
      if (reply.status === 401) {
        const body = jsonObject(reply.body);
        if (body?.["success"] === false && typeof body["error"] === "object") {
          return json(401, { ...body, timestamp: new Date().toISOString(), path: req.pathname });
        }
        return reply;
      }
      // Login checks the password like a server loaded with OpenChat's seed data.
      if (req.method === "POST" && req.pathname === "/api/v1/auth/login" && reply.status === 200) {
        const password = jsonObject(req.body)?.["password"];
        if (password !== OPENCHAT_MOCK_PASSWORD) return filterError(401, "用户名或密码错误", req.pathname);
      }
      return reply;
    },
    crashed: (req, message) => filterError(500, message, req.pathname),
  };
}

/** Keeps Prism's `sl-violations` header on a reply that replaces Prism's, for debugging. */
function keepViolations(behaviour: Behaviour): Behaviour {
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

export function behaviourFor(api: ApiName, spec: LoadedSpec, options: BehaviourOptions): Behaviour {
  switch (api) {
    case "wukongim":
      return keepViolations(wukongim(spec, options));
    case "wildfire":
      return keepViolations(wildfire(spec, options));
    case "openchat":
      return keepViolations(openchat(spec));
  }
}
