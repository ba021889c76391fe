import type { TestProject } from "vitest/node";
import { startMocks } from "@im-openapi/mock";

declare module "vitest" {
  export interface ProvidedContext {
    openchatUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const mocks = await startMocks({ apis: ["openchat"] });
  project.provide("openchatUrl", mocks.urls.openchat!);
  return () => mocks.stop();
}
