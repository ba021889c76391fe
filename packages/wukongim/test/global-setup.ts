import type { TestProject } from "vitest/node";
import { startMocks } from "@im-openapi/mock";

declare module "vitest" {
  export interface ProvidedContext {
    wukongimUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const mocks = await startMocks({ apis: ["wukongim"] });
  project.provide("wukongimUrl", mocks.urls.wukongim!);
  return () => mocks.stop();
}
