// The README's test-double example is documentation a reader copies: readme-example.test.ts runs
// it, and this test makes sure that what runs is what the README shows.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

describe("the README's test-double example", () => {
  it("is the code readme-example.test.ts runs, but for the import paths", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("## Use it as a test double"));
    const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    expect(block, "a ts block in the README's test-double section").toBeDefined();
    const runnable = readFileSync(new URL("./readme-example.test.ts", import.meta.url), "utf8").split("\n").slice(2).join("\n");
    const asPublished = runnable.replace('from "../src/index.js"', 'from "@im-openapi/mock"').replace('from "../../wukongim/dist/index.js"', 'from "@im-openapi/wukongim"');
    expect(asPublished).toBe(block);
  });
});
