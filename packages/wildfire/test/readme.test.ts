import { fileURLToPath } from "node:url";
import { inject } from "vitest";
import { describeReadmeExample } from "@im-openapi/test-support/readme-example";

describeReadmeExample({
  packageName: "@im-openapi/wildfire",
  readme: new URL("../README.md", import.meta.url),
  entry: new URL("../src/index.ts", import.meta.url),
  readmeUrl: "http://127.0.0.1:18080",
  mockUrl: inject("wildfireUrl"),
  // The signing code uses node:crypto.
  compilerOptions: { types: ["node"], typeRoots: [fileURLToPath(new URL("../node_modules/@types", import.meta.url))] },
});
