// Every transport behaviour holds for both engines: undici's request API (Node's default) and a
// WHATWG fetch (what a caller passes, and what browsers use).
export const engines = [
  { engine: "undici", options: {} },
  { engine: "fetch", options: { fetch: (...args: Parameters<typeof fetch>) => fetch(...args) } },
] as const;
