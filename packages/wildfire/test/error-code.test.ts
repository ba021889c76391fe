import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ErrorCode, ErrorCodeByName, errorCodeName } from "../src/index.js";

const spec = JSON.parse(readFileSync(new URL("../openapi.json", import.meta.url), "utf8")) as {
  components: { schemas: { ErrorCode: { enum: number[]; "x-enum-varnames": string[]; "x-enum-descriptions": string[] } } };
};
const fromSpec = spec.components.schemas.ErrorCode;

describe("ErrorCode", () => {
  it("has every code of the spec's enum, with its name and msg", () => {
    const table = Object.entries(ErrorCode).map(([code, { name, msg }]) => [Number(code), name, msg]);
    const expected = fromSpec.enum.map((code, i) => [code, fromSpec["x-enum-varnames"][i], fromSpec["x-enum-descriptions"][i]]);
    expect(table).toEqual(expected);
    expect(table).toHaveLength(62);
  });

  it("names codes both ways", () => {
    expect(ErrorCode[253]).toEqual({ name: "ERROR_CODE_NOT_EXIST", msg: "not exist" });
    expect(ErrorCode[251].name).toBe("INVALID_PARAMETER");
    expect(ErrorCodeByName.ERROR_CODE_AUTH_FAILURE).toBe(244);
    expect(ErrorCodeByName.ERROR_CODE_SUCCESS).toBe(0);
    expect(errorCodeName(243)).toBe("ERROR_CODE_SIGN_EXPIRED");
    expect(errorCodeName(13)).toBeUndefined();
    for (const [name, code] of Object.entries(ErrorCodeByName)) expect(errorCodeName(code)).toBe(name);
  });
});
