// The real typed clients, as the mock's users call it. They are imported from the workspace's built
// packages (run `pnpm build` first) rather than by package name, so the mock's package.json does not
// list its own consumers.
import { createWukongimClient as wukongimClient } from "../../wukongim/dist/index.js";
import { createWildfireClient as wildfireClient } from "../../wildfire/dist/index.js";
import { createOpenchatClient as openchatClient, login } from "../../openchat/dist/index.js";
export { encodePayload, decodePayload, unwrap as unwrapWukongim, ImApiError, messageIdOf } from "../../wukongim/dist/index.js";
export { unwrap as unwrapWildfire } from "../../wildfire/dist/index.js";
export { unwrap as unwrapOpenchat } from "../../openchat/dist/index.js";

// The clients' default 10 s timeout is for servers; a Prism answering its first request for an
// operation on a 2-core machine under full load can take longer. Tests that are about timeouts
// pass their own.
const timeoutMs = 60_000;
export const createWukongimClient = (options: Parameters<typeof wukongimClient>[0]) => wukongimClient({ timeoutMs, ...options });
export const createWildfireClient = (options: Parameters<typeof wildfireClient>[0]) => wildfireClient({ timeoutMs, ...options });
export const createOpenchatClient = (options: Parameters<typeof openchatClient>[0]) => openchatClient({ timeoutMs, ...options });
export const openchatLogin = (options: Parameters<typeof login>[0]) => login({ timeoutMs, ...options });

// Every transport behaviour holds for both engines: undici's request API (Node's default) and a
// WHATWG fetch (what a caller passes, and what browsers use); the same pair core's tests use.
export const engines = [
  { engine: "undici", options: {} },
  { engine: "fetch", options: { fetch: (...args: Parameters<typeof fetch>) => fetch(...args) } },
] as const;
