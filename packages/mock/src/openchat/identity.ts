// Who calls an OpenChat route: the `userId` claim of the bearer JWT, as OpenChat's guards read it.
// The mock does not check the signature (any token is accepted), only reads the claims.
import type { ParsedRequest } from "../room.js";

export interface Caller {
  userId: string;
  username?: string;
}

export function claimsOf(token: string): Record<string, unknown> | undefined {
  const [, payload] = token.split(".");
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    return claims !== null && typeof claims === "object" && !Array.isArray(claims) ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The caller named by the request's bearer token; undefined when it carries no `userId` claim. */
export function callerOf(request: ParsedRequest): Caller | undefined {
  const header = request.headers["authorization"] ?? "";
  const match = /^Bearer\s+(\S+)/i.exec(header);
  if (!match) return undefined;
  const claims = claimsOf(match[1]!);
  const userId = claims?.["userId"];
  if (typeof userId !== "string" && typeof userId !== "number") return undefined;
  return { userId: String(userId), ...(typeof claims?.["username"] === "string" ? { username: claims["username"] } : {}) };
}
