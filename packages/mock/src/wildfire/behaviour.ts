// The wildfire admin server's answers: HTTP 500 with an empty body for a route it lacks (a pro route
// on community, a documentation-only path), the signature codes 239/243/244, the Java exception text
// for a body that is not JSON, and code 251 for a request the spec rejects.
import { existsInVersion, findOperation, type LoadedSpec } from "../apis.js";
import { isPrismValidationFailure, json, type Behaviour, type BehaviourOptions, type Reply } from "../shapes.js";
import { checkWildfireSignature } from "./signature.js";

export const WILDFIRE_CONTENT_TYPE = "application/json;charset=utf-8";

export function wildfireBehaviour(spec: LoadedSpec, options: BehaviourOptions): Behaviour {
  // The admin server's UnknownErrorAction: HTTP 500 with an empty body.
  const unknown: Reply = { status: 500, headers: { "content-type": WILDFIRE_CONTENT_TYPE }, body: "" };
  const envelope = (code: number, msg: string) => json(200, { code, msg }, WILDFIRE_CONTENT_TYPE);
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
            headers: { "content-type": WILDFIRE_CONTENT_TYPE, connection: "close" },
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
    crashed: (_req, message) => ({ status: 500, headers: { "content-type": WILDFIRE_CONTENT_TYPE }, body: `java.lang.RuntimeException: ${message}` }),
  };
}
