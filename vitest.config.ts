import { defineConfig } from "vitest/config";

// One run over every package; each package's own vitest.config.ts names it and sets up what it needs
// (the mock-backed suites start Prism in their globalSetup).
export default defineConfig({
  test: {
    projects: ["packages/*/vitest.config.ts"],
    // Most test time is spent waiting on child processes (Prism, the CLI, Chromium, the load
    // test's clock), so more files run at once than there are cores.
    maxWorkers: 4,
  },
});
