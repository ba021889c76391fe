import { defineProject } from "vitest/config";

// With no server URLs the suite runs against the mocks and also checks itself (test/self/*). With a
// real server's URL it runs the spec sweep plus the stateful scenarios (test/scenarios/*), which
// only a real server can satisfy, so they are not even collected against the mocks.
const urls = { wukongim: "WUKONGIM_URL", wildfire: "WILDFIRE_URL", openchat: "OPENCHAT_URL" } as const;
const realApis = Object.entries(urls).filter(([, name]) => process.env[name]).map(([api]) => api);
const real = realApis.length > 0;
const scenarios = process.env["CONTRACT_SCENARIOS"] !== "0" ? realApis.map((api) => `test/scenarios/${api}.test.ts`) : [];

export default defineProject({
  test: {
    name: "contract-tests",
    include: real ? ["test/*.test.ts", ...scenarios] : ["test/*.test.ts", "test/self/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
