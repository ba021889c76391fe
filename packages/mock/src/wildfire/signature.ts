import { createHash } from "node:crypto";

/** `sign` as the wildfire admin API computes it: lowercase hex SHA-1 of `nonce|secret|timestamp`. */
export function wildfireSign(nonce: string, secret: string, timestamp: string): string {
  return createHash("sha1").update(`${nonce}|${secret}|${timestamp}`).digest("hex");
}

export interface SignatureCheck {
  code: 0 | 239 | 243 | 244;
  msg: string;
}

const JAVA_LONG_MAX = 9223372036854775807n;
const JAVA_LONG_MIN = -9223372036854775808n;
const TWO_HOURS_MS = 2 * 60 * 60 * 1000;

/** The header as the server's case-sensitive map finds it: `name`, else `Name`; other spellings are not seen. */
function header(rawHeaders: readonly string[], name: string): string | undefined {
  const capitalised = name[0]!.toUpperCase() + name.slice(1);
  let fallback: string | undefined;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i] === name) return rawHeaders[i + 1];
    if (rawHeaders[i] === capitalised && fallback === undefined) fallback = rawHeaders[i + 1];
  }
  return fallback;
}

/**
 * Checks a request's signature the way the community server's AdminAction does, in its order:
 * missing or empty headers or a timestamp that is not a Java long → 239; older than two hours → 243
 * (a timestamp in the future passes); a sign that differs, compared case-sensitively → 244.
 */
export function checkWildfireSignature(rawHeaders: readonly string[], secret: string, now = Date.now(), checkTime = true): SignatureCheck {
  const nonce = header(rawHeaders, "nonce");
  const timestamp = header(rawHeaders, "timestamp");
  const sign = header(rawHeaders, "sign");
  const notSigned: SignatureCheck = { code: 239, msg: "api not signed or sign parameter not completion" };
  if (!nonce || !timestamp || !sign) return notSigned;
  if (!/^[+-]?\d+$/.test(timestamp)) return notSigned;
  const ts = BigInt(timestamp);
  if (ts > JAVA_LONG_MAX || ts < JAVA_LONG_MIN) return notSigned;
  if (checkTime && BigInt(now) - ts > BigInt(TWO_HOURS_MS)) return { code: 243, msg: "sign expired" };
  if (wildfireSign(nonce, secret, timestamp) !== sign) return { code: 244, msg: "auth failure" };
  return { code: 0, msg: "success" };
}
