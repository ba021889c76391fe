import { describe, expect, it } from "vitest";
import { withoutBigintFormats } from "../src/prism-document.js";

describe("withoutBigintFormats", () => {
  it("drops format int64 only where x-bigint is set, anywhere in the document", () => {
    const doc = {
      components: { schemas: { Id: { type: "integer", format: "int64", "x-bigint": true }, Seq: { type: "integer", format: "int64" } } },
      paths: { "/x": { get: { parameters: [{ name: "id", schema: { type: "integer", format: "int64", "x-bigint": true, minimum: 0 } }] } } },
    };
    expect(withoutBigintFormats(doc)).toEqual({
      components: { schemas: { Id: { type: "integer", "x-bigint": true }, Seq: { type: "integer", format: "int64" } } },
      paths: { "/x": { get: { parameters: [{ name: "id", schema: { type: "integer", "x-bigint": true, minimum: 0 } }] } } },
    });
    expect(doc.components.schemas.Id.format).toBe("int64");
  });
});
