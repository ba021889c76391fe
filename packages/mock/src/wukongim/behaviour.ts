// WuKongIM's errors and routes as the v2 server answers them: gin's 404 for a route the chosen
// version lacks, and HTTP 400 `{msg, status}` naming the field for a request the spec rejects.
import { existsInVersion, type LoadedSpec } from "../apis.js";
import { describeViolations, isPrismValidationFailure, json, route, type Behaviour, type BehaviourOptions, type Reply } from "../shapes.js";

export function wukongimBehaviour(spec: LoadedSpec, options: BehaviourOptions): Behaviour {
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
