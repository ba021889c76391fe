import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "openchat",
    include: ["test/**/*.test.ts"],
    // Starts the openchat mock (Prism behind its front) once for the package and stops it afterwards.
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 20_000,
  },
});
