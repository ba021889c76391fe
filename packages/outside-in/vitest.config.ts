import { defineProject } from "vitest/config";

// One test file: it packs the public packages and installs them with npm into a project outside the
// workspace once (beforeAll), then runs the checks concurrently. Almost all the work happens in child
// processes (npm, tsc, node, Prism, vite, Chromium), so a few checks overlap; more would only compete
// for the two cores with the other projects' tests.
export default defineProject({
  test: {
    name: "outside-in",
    include: ["test/**/*.test.ts"],
    maxConcurrency: 3,
    // npm install, tsc over the generated schemas and a Vite build are slow on a loaded 2-core machine.
    hookTimeout: 420_000,
    testTimeout: 300_000,
  },
});
