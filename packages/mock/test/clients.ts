// The real typed clients, as the mock's users call it. They are imported from the workspace's built
// packages (run `pnpm build` first) rather than by package name, so the mock's package.json does not
// list its own consumers.
export { createWukongimClient, encodePayload, decodePayload, unwrap as unwrapWukongim, ImApiError, messageIdOf } from "../../wukongim/dist/index.js";
export { createWildfireClient, unwrap as unwrapWildfire } from "../../wildfire/dist/index.js";
export { createOpenchatClient, login as openchatLogin, unwrap as unwrapOpenchat } from "../../openchat/dist/index.js";

// Every transport behaviour holds for both engines: undici's request API (Node's default) and a
// WHATWG fetch (what a caller passes, and what browsers use); the same pair core's tests use.
export const engines = [
  { engine: "undici", options: {} },
  { engine: "fetch", options: { fetch: (...args: Parameters<typeof fetch>) => fetch(...args) } },
] as const;
