import { describe, expect, it } from "vitest";
import { checkWildfireSignature, wildfireSign } from "../src/wildfire/signature.js";

const NOW = 1558350862502 + 60_000;
const headers = (pairs: Record<string, string>) => Object.entries(pairs).flat();
const good = { nonce: "76616", timestamp: "1558350862502", sign: "b98f9b0717f59febccf1440067a7f50d9b31bdde" };

describe("checkWildfireSignature", () => {
  it("accepts the published test vector", () => {
    expect(wildfireSign("76616", "123456", "1558350862502")).toBe(good.sign);
    expect(checkWildfireSignature(headers(good), "123456", NOW)).toEqual({ code: 0, msg: "success" });
  });

  it("answers 239 for a missing or empty header", () => {
    for (const name of ["nonce", "timestamp", "sign"] as const) {
      const missing = { ...good } as Record<string, string>;
      delete missing[name];
      expect(checkWildfireSignature(headers(missing), "123456", NOW).code).toBe(239);
      expect(checkWildfireSignature(headers({ ...good, [name]: "" }), "123456", NOW).code).toBe(239);
    }
  });

  it("finds `Nonce` but not other spellings, like the server's case-sensitive lookup", () => {
    expect(checkWildfireSignature(headers({ Nonce: good.nonce, Timestamp: good.timestamp, Sign: good.sign }), "123456", NOW).code).toBe(0);
    expect(checkWildfireSignature(headers({ NONCE: good.nonce, timestamp: good.timestamp, sign: good.sign }), "123456", NOW).code).toBe(239);
  });

  it("answers 239 for a timestamp that is not a Java long", () => {
    expect(checkWildfireSignature(headers({ ...good, timestamp: "15583508625.02" }), "123456", NOW).code).toBe(239);
    expect(checkWildfireSignature(headers({ ...good, timestamp: "9223372036854775808" }), "123456", NOW).code).toBe(239);
  });

  it("answers 243 when the timestamp is more than two hours old, and lets future ones pass", () => {
    const old = String(NOW - 2 * 3600_000 - 1);
    expect(checkWildfireSignature(headers({ ...good, timestamp: old, sign: wildfireSign(good.nonce, "123456", old) }), "123456", NOW)).toEqual({ code: 243, msg: "sign expired" });
    const future = String(NOW * 1_000_000);
    expect(checkWildfireSignature(headers({ ...good, timestamp: future, sign: wildfireSign(good.nonce, "123456", future) }), "123456", NOW).code).toBe(0);
    expect(checkWildfireSignature(headers({ ...good, timestamp: old, sign: wildfireSign(good.nonce, "123456", old) }), "123456", NOW, false).code).toBe(0);
  });

  it("answers 244 for a wrong secret or an uppercase sign", () => {
    expect(checkWildfireSignature(headers(good), "654321", NOW)).toEqual({ code: 244, msg: "auth failure" });
    expect(checkWildfireSignature(headers({ ...good, sign: good.sign.toUpperCase() }), "123456", NOW).code).toBe(244);
  });
});
