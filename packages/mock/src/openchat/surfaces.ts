// OpenChat's real servers serve the documented operations under other paths (`x-openchat-paths`
// on each operation: e233c52's `/im/api/v1/...`, today's `/im/v3/...` and `/admin/im/v3/...`).
// The mock answers those paths too, as aliases of the documented ones.
import { isObject } from "../json.js";
import type { LoadedSpec } from "../apis.js";

/** Real path → documented path, read from the bundled spec. */
export function openchatAliases(spec: LoadedSpec): Map<string, string> {
  const aliases = new Map<string, string>();
  const paths = spec.document["paths"];
  if (!isObject(paths)) return aliases;
  for (const [documented, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const op of Object.values(item)) {
      const real = isObject(op) ? op["x-openchat-paths"] : undefined;
      if (!isObject(real)) continue;
      for (const path of Object.values(real)) if (typeof path === "string" && path !== documented) aliases.set(path, documented);
    }
  }
  return aliases;
}
