import { crc32 as zlibCrc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { crc32, personChannelId } from "../src/index.js";

// The rule, restated from the server with node:zlib's CRC-32 as an independent hash.
function expected(fromUid: string, toUid: string): string {
  const from = zlibCrc32(Buffer.from(fromUid, "utf8"));
  const to = zlibCrc32(Buffer.from(toUid, "utf8"));
  return from > to ? `${fromUid}@${toUid}` : `${toUid}@${fromUid}`;
}

describe("crc32", () => {
  it("gives the CRC-32/IEEE check value and matches zlib", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
    for (const text of ["user123", "group123", "张三", "👍", "a".repeat(1000)]) {
      expect(crc32(new TextEncoder().encode(text))).toBe(zlibCrc32(Buffer.from(text, "utf8")));
    }
  });
});

describe("personChannelId", () => {
  it("puts the uid with the larger CRC-32 first, whatever the argument order", () => {
    const pairs: [string, string][] = [
      ["user123", "user456"],
      ["alice", "bob"],
      ["u1", "u2"],
      ["张三", "李四"],
      ["10001", "10002"],
      ["tom", "tom2"],
    ];
    for (const [a, b] of pairs) {
      expect(personChannelId(a, b)).toBe(expected(a, b));
      expect(personChannelId(b, a)).toBe(personChannelId(a, b));
    }
  });

  it("agrees with the rule over many generated uids", () => {
    for (let i = 0; i < 500; i++) {
      const a = `u${i * 7919}`;
      const b = `peer-${i}`;
      expect(personChannelId(a, b)).toBe(expected(a, b));
    }
  });

  it("orders known pairs as the server does", () => {
    // zlib: crc32("user456") = 0x7087d5d4 > crc32("user123") = 0x49677577; crc32("bob") = 0xf5cbb140 > crc32("alice") = 0x278ebc47.
    expect(personChannelId("user123", "user456")).toBe("user456@user123");
    expect(personChannelId("alice", "bob")).toBe("bob@alice");
  });

  it("gives toUid@fromUid when the hashes are equal", () => {
    // "plumless" and "buckeroo" are a classic CRC-32 collision.
    expect(zlibCrc32("plumless")).toBe(zlibCrc32("buckeroo"));
    expect(personChannelId("plumless", "buckeroo")).toBe("buckeroo@plumless");
    expect(personChannelId("buckeroo", "plumless")).toBe("plumless@buckeroo");
    expect(personChannelId("same", "same")).toBe("same@same");
  });

  it("refuses empty uids and uids containing '@'", () => {
    expect(() => personChannelId("", "b")).toThrow(/fromUid must be a non-empty uid/);
    expect(() => personChannelId("a", "b@c")).toThrow(/toUid "b@c" contains '@'/);
  });
});
