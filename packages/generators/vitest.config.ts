import { defineProject } from "vitest/config";

// Only the harness's own parsing and reporting, in milliseconds; the generators themselves run in
// `pnpm test:generators`, never in `pnpm test`.
export default defineProject({
  test: { name: "generators", include: ["test/**/*.test.ts"], testTimeout: 60_000 },
});
