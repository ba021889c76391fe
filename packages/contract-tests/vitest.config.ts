import { defineProject } from "vitest/config";

// With no server URLs the suite runs against the mocks and also checks itself (test/self/*). With a
// real server's URL it runs the spec sweep plus the stateful scenarios (test/scenarios/*), which
// only a real server can satisfy, so they are not even collected against the mocks.
const real = ["WUKONGIM_URL", "WILDFIRE_URL", "OPENCHAT_URL"].some((name) => process.env[name]);
const scenarios = real && process.env["CONTRACT_SCENARIOS"] !== "0";

export default defineProject({
  test: {
    name: "contract-tests",
    include: real ? ["test/*.test.ts", ...(scenarios ? ["test/scenarios/*.test.ts"] : [])] : ["test/*.test.ts", "test/self/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
