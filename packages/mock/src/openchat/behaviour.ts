// OpenChat's answers: its exception filter's body for an unknown route (404), a request the spec
// rejects (400 VAL_001), a missing token (401 AUTH_004) and its own failures (500 SYS_001); login
// checks the password of OpenChat's seed data.
import type { LoadedSpec } from "../apis.js";
import { describeViolations, isPrismValidationFailure, json, route, type Behaviour, type MockRequest } from "../shapes.js";

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
export const OPENCHAT_MOCK_PASSWORD = "OpenChat@123";

function jsonObject(body: string | Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body.toString());
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function openchatFilterError(status: keyof typeof OPENCHAT_FILTER, message: string, path: string) {
  const { code, type, module, severity, solution } = OPENCHAT_FILTER[status];
  return json(status, {
    success: false,
    error: { code, type, message, module, severity, solution },
    timestamp: new Date().toISOString(),
    path,
  });
}

export function openchatBehaviour(spec: LoadedSpec): Behaviour {
  // Error bodies name the path the client asked for, an alias of the documented one included.
  const shown = (req: MockRequest) => req.requestedPath ?? req.pathname;
  return {
    before(req) {
      if (req.method === "OPTIONS") return undefined;
      const { operation } = route(spec, req);
      if (!operation) return openchatFilterError(404, `Cannot ${req.method} ${shown(req)}`, shown(req));
      return undefined;
    },
    after(req, reply, violations) {
      if (isPrismValidationFailure(reply, violations)) return openchatFilterError(400, describeViolations(violations), shown(req));
      // Prism answers a missing bearer token with the spec's 401 example; the real filter names the
      // request's own path and the current time.
      if (reply.status === 401) {
        const body = jsonObject(reply.body);
        if (body?.["success"] === false && typeof body["error"] === "object") {
          return json(401, { ...body, timestamp: new Date().toISOString(), path: shown(req) });
        }
        return reply;
      }
      // Login checks the password like a server loaded with OpenChat's seed data.
      if (req.method === "POST" && req.pathname === "/api/v1/auth/login" && reply.status === 200) {
        const password = jsonObject(req.body)?.["password"];
        if (password !== OPENCHAT_MOCK_PASSWORD) return openchatFilterError(401, "用户名或密码错误", shown(req));
      }
      return reply;
    },
    crashed: (req, message) => openchatFilterError(500, message, shown(req)),
  };
}
