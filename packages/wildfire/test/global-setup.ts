import type { TestProject } from "vitest/node";
import { startMocks } from "@im-openapi/mock";

declare module "vitest" {
  export interface ProvidedContext {
    wildfireUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const mocks = await startMocks({ apis: ["wildfire"] });
  project.provide("wildfireUrl", mocks.urls.wildfire!);
  return () => mocks.stop();
}
