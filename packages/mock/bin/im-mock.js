#!/usr/bin/env node
// Entry point of the `im-mock` command; the CLI itself is compiled to dist/ by `pnpm build`.
import { existsSync } from "node:fs";

const cli = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(cli)) {
  // Only in a checkout of the repository: the published package always ships dist/.
  console.error("im-mock: the mock is not built yet; run `pnpm build` in the im-openapi checkout first");
  process.exit(1);
}
await import(cli.href);
