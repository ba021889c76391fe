#!/usr/bin/env node
// Entry point of the `im-mock` command; the CLI itself is compiled to dist/ by `pnpm build`.
import("../dist/cli.js").catch((error) => {
  if (error && error.code === "ERR_MODULE_NOT_FOUND") {
    console.error("im-mock: the mock is not built yet; run `pnpm build` in the im-openapi checkout first");
    process.exit(1);
  }
  throw error;
});
