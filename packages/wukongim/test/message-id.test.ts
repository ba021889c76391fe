import { describe, expect, it } from "vitest";
import { messageIdOf } from "../src/index.js";

describe("messageIdOf", () => {
  it("prefers message_idstr", () => {
    expect(messageIdOf({ message_id: 1899123456789012200, message_idstr: "1899123456789012345" })).toBe("1899123456789012345");
  });

  it("falls back to a bigint or safe-integer message_id", () => {
    expect(messageIdOf({ message_id: 1899123456789012345n })).toBe("1899123456789012345");
    expect(messageIdOf({ message_id: 123456789 })).toBe("123456789");
    expect(messageIdOf({ message_id: "1899123456789012345" })).toBe("1899123456789012345");
    expect(messageIdOf({ message_idstr: "", message_id: 42 })).toBe("42");
  });

  it("refuses a message_id that has already lost its digits", () => {
    expect(() => messageIdOf({ message_id: 1899123456789012345 })).toThrow(/not a safe integer/);
    expect(() => messageIdOf({})).toThrow(/neither message_idstr nor message_id/);
  });
});
