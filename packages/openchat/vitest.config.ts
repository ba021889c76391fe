import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "openchat",
    include: ["test/**/*.test.ts"],
    // Starts the openchat mock (Prism behind its front) once for the package and stops it afterwards.
    globalSetup: ["test/global-setup.ts"],
    // Generous: the README tests run tsc and Vite, which take many seconds on a loaded 2-core machine.
    testTimeout: 120_000,
  },
});
