import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "docs-site",
    include: ["test/**/*.test.ts"],
    // Builds dist/docs (scripts/docs.mjs), makes sure Chromium is installed and serves the site on a
    // free loopback port; the tests open it in headless Chromium.
    globalSetup: ["test/global-setup.ts"],
    hookTimeout: 180_000,
    testTimeout: 60_000,
  },
});
