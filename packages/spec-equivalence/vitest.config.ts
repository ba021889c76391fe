import { defineProject } from "vitest/config";

// Compares the committed baseline with the current bundled specs and generated types. Runs after
// `pnpm build` (which bundles packages/<api>/openapi.json) in `pnpm test`.
export default defineProject({
  test: {
    name: "spec-equivalence",
    include: ["test/**/*.test.ts"],
    // The type check compiles two 400 kB schema files per API; slow on a loaded 2-core machine.
    testTimeout: 180_000,
  },
});
