import { describe, expect, it } from "vitest";
import { parseJsonLossless, stringifyJsonLossless } from "../src/json.js";

describe("parseJsonLossless", () => {
  it("keeps integers above 2^53 exact as bigint", () => {
    const value = parseJsonLossless('{"message_id":1899123456789012345,"message_idstr":"1899123456789012345"}') as Record<string, unknown>;
    expect(value.message_id).toBe(1899123456789012345n);
    expect(String(value.message_id)).toBe(value.message_idstr);
  });

  it("gives plain numbers for safe integers, including 16-digit ones", () => {
    const value = parseJsonLossless('{"a":9007199254740991,"b":-9007199254740991,"c":1234567890123456}') as Record<string, unknown>;
    expect(value).toEqual({ a: 9007199254740991, b: -9007199254740991, c: 1234567890123456 });
  });

  it("handles negative, nested and array positions", () => {
    const value = parseJsonLossless('[{"x":[-9223372036854775808,18446744073709551615]}]');
    expect(value).toEqual([{ x: [-9223372036854775808n, 18446744073709551615n] }]);
  });

  it("leaves digits inside strings, fractions and exponents alone", () => {
    const text = '{"s":"id 12345678901234567890 \\" 98765432109876543210","f":0.12345678901234567890,"e":1.5e12345678901234567,"k":12345678901234567.5}';
    const value = parseJsonLossless(text) as Record<string, unknown>;
    expect(value.s).toBe('id 12345678901234567890 " 98765432109876543210');
    expect(value.f).toBe(0.12345678901234567890);
    expect(value.e).toBe(Infinity);
    expect(value.k).toBe(12345678901234567.5);
  });

  it("rejects invalid JSON like JSON.parse", () => {
    expect(() => parseJsonLossless('{"a":12345678901234567890')).toThrow(SyntaxError);
    expect(() => parseJsonLossless("nope")).toThrow(SyntaxError);
  });
});

describe("stringifyJsonLossless", () => {
  it("writes bigint as a JSON integer and round-trips", () => {
    const text = stringifyJsonLossless({ message_ids: [1899123456789012345n, 7], s: "\u0000bigabc:1" });
    expect(text).toBe('{"message_ids":[1899123456789012345,7],"s":"\\u0000bigabc:1"}');
    expect(parseJsonLossless('{"message_ids":[1899123456789012345,7]}')).toEqual({ message_ids: [1899123456789012345n, 7] });
  });

  it("matches JSON.stringify when there is no bigint", () => {
    const value = { a: [1, "two", null, { b: true }], c: "x\"y" };
    expect(stringifyJsonLossless(value)).toBe(JSON.stringify(value));
  });
});

describe("parseJsonLossless fast path and fallback", () => {
  it("is exact when a string holds what looks like a big value", () => {
    const text = '{"note":"a:12345678901234567890,b","id":12345678901234567891,"list":[12345678901234567892]}';
    expect(parseJsonLossless(text)).toEqual({ note: "a:12345678901234567890,b", id: 12345678901234567891n, list: [12345678901234567892n] });
  });

  it("keeps ids exact in a 1000-message page", () => {
    const base = 1899123456789012345n;
    const msgs = Array.from({ length: 1000 }, (_, i) => `{"message_id":${base + BigInt(i)},"message_idstr":"${base + BigInt(i)}"}`);
    const page = parseJsonLossless(`{"messages":[${msgs.join(",")}]}`) as { messages: { message_id: bigint; message_idstr: string }[] };
    expect(page.messages.every((m) => String(m.message_id) === m.message_idstr)).toBe(true);
  });
});

describe("parseJsonLossless with decimal twins", () => {
  it("takes the exact digits from the twin field", () => {
    const v = parseJsonLossless('{"message_id":1899123456789012345,"message_idstr":"1899123456789012345"}') as Record<string, unknown>;
    expect(v["message_id"]).toBe(1899123456789012345n);
  });

  it("reads the text exactly when a twin disagrees or is missing", () => {
    // The twin names another number: the text's own digits win.
    const wrongTwin = parseJsonLossless('{"message_id":1899123456789012345,"message_idstr":"42"}') as Record<string, unknown>;
    expect(wrongTwin["message_id"]).toBe(1899123456789012345n);
    const mixed = parseJsonLossless('{"a":{"message_id":1899123456789012345,"message_idstr":"1899123456789012345"},"uid":1899123456789012399}') as Record<string, Record<string, unknown> | unknown>;
    expect(mixed).toEqual({ a: { message_id: 1899123456789012345n, message_idstr: "1899123456789012345" }, uid: 1899123456789012399n });
  });

  it("trusts only a plain decimal twin", () => {
    // Each of these states (about) the same number as the field, but not as a plain decimal: the
    // text's own digits are used instead.
    for (const twin of ["1.899123456789012345e18", "0x1a5b0b2a4f1ef779", " 1899123456789012345", "1899123456789012345 ", "+1899123456789012345"]) {
      const v = parseJsonLossless(`{"message_id":1899123456789012345,"message_idstr":${JSON.stringify(twin)}}`) as Record<string, unknown>;
      expect(v["message_id"], twin).toBe(1899123456789012345n);
    }
  });

  it("handles big integers in arrays", () => {
    expect(parseJsonLossless('{"ids":[1899123456789012345,1]}')).toEqual({ ids: [1899123456789012345n, 1] });
  });
});
