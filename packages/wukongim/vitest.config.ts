import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "wukongim",
    include: ["test/**/*.test.ts"],
    // Starts the wukongim mock (Prism behind its front) once for the package and stops it afterwards.
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 20_000,
  },
});
