import { inject } from "vitest";
import { describeReadmeExample } from "@im-openapi/test-support/readme-example";

describeReadmeExample({
  packageName: "@im-openapi/wukongim",
  readme: new URL("../README.md", import.meta.url),
  entry: new URL("../src/index.ts", import.meta.url),
  readmeUrl: "http://127.0.0.1:5001",
  mockUrl: inject("wukongimUrl"),
});
