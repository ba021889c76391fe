#!/usr/bin/env node
// Entry point of the `im-contract` command; the CLI itself is compiled to dist/ by `pnpm build`.
import("../dist/cli.js").then(
  async ({ main }) => {
    // exitCode, not exit(): a long --json report piped to another program is written out in full.
    process.exitCode = await main(process.argv.slice(2));
  },
  (error) => {
    if (error && error.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("dist")) {
      console.error("im-contract: the contract suite is not built yet; run `pnpm build` in the im-openapi checkout first");
      process.exit(2);
    }
    throw error;
  },
);
