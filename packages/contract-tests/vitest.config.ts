import { defineProject } from "vitest/config";

// With no server URL the suite runs against the mocks and also tests itself (test/self/*). With a
// real server's URL only the contract checks run (test/contract.test.ts).
const real = ["WUKONGIM_URL", "WILDFIRE_URL", "OPENCHAT_URL"].some((name) => process.env[name]);

export default defineProject({
  test: {
    name: "contract-tests",
    include: real ? ["test/contract.test.ts"] : ["test/*.test.ts", "test/self/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
