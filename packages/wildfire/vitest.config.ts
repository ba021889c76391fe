import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "wildfire",
    include: ["test/**/*.test.ts"],
    // Starts the wildfire mock (Prism behind its front) once for the package and stops it afterwards.
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 20_000,
  },
});
