#!/usr/bin/env node
// Entry point of the `im-contract` command; the CLI itself is compiled to dist/ by `pnpm build`.
import { existsSync } from "node:fs";

const cli = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(cli)) {
  // Only in a checkout of the repository: the published package always ships dist/. Any other
  // missing module is a real error and is shown as such.
  console.error("im-contract: the contract suite is not built yet; run `pnpm build` in the im-openapi checkout first");
  process.exit(2);
}
const { main } = await import(cli.href);
// exitCode, not exit(): a long --json report piped to another program is written out in full.
process.exitCode = await main(process.argv.slice(2));
