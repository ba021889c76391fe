// What Prism is given differs from the published spec in one way, named here.

/**
 * Prism turns `format: int64` into a maximum of 2^53 − 1, so it would reject real snowflake ids
 * (WuKongIM message ids, wildfire message uids) that the specs mark `x-bigint: true`. For Prism
 * only, those schemas lose the format; the specs themselves keep it.
 */
export function withoutBigintFormats(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutBigintFormats);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  const bigint = (node as Record<string, unknown>)["x-bigint"] === true;
  for (const [key, value] of Object.entries(node)) {
    if (bigint && key === "format" && value === "int64") continue;
    out[key] = withoutBigintFormats(value);
  }
  return out;
}
