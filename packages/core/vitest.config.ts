import { defineProject } from "vitest/config";

// "im-openapi-source" makes `#engine` resolve to the TypeScript sources, so these tests run the
// same code the rest of src/ is, not the last build.
const conditions = ["im-openapi-source", "node", "import", "module", "default"];
export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: { name: "core", include: ["test/**/*.test.ts"], testTimeout: 60_000 },
});
