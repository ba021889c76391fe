import { Buffer } from "node:buffer";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  Base64Error,
  ContentType,
  decodeBase64,
  decodePayload,
  encodeBase64,
  encodePayload,
  isSystemContent,
  PayloadDecodeError,
  type components,
  type MessageContent,
  type PayloadCommand,
  type PayloadImage,
  type PayloadText,
} from "../src/index.js";
import { BundledSpec } from "@im-openapi/test-support/spec-examples";

// Node's Buffer is the independent reference for standard padded base64.
const viaBuffer = (text: string) => Buffer.from(text, "utf8").toString("base64");

describe("encodeBase64 / decodeBase64", () => {
  it("matches Buffer for every length 0..64 and every byte value", () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => (i * 37 + 11) & 255);
    for (let n = 0; n <= 64; n++) {
      const slice = bytes.subarray(0, n);
      const expected = Buffer.from(slice).toString("base64");
      expect(encodeBase64(slice)).toBe(expected);
      expect(Array.from(decodeBase64(expected))).toEqual(Array.from(slice));
    }
    expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString("base64"));
  });

  it("names what is wrong with a bad string", () => {
    expect(() => decodeBase64("SGVsbG8")).toThrow(/length 7 is not a multiple of 4/);
    expect(() => decodeBase64("SGV%bG8=")).toThrow(/character '%' at index 3 is not in the base64 alphabet/);
    expect(() => decodeBase64("SG=sbG8=")).toThrow(/padding '=' at index 2 before the end/);
    expect(() => decodeBase64("SGVs\nbG8=")).toThrow(/length 9/);
    expect(() => decodeBase64("SGV sbG8")).toThrow(/character U\+0020 at index 3/);
    // URL-safe alphabet is not standard base64.
    expect(() => decodeBase64("-_8=")).toThrow(/character '-' at index 0/);
    try {
      decodeBase64("ab*d");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(Base64Error);
      expect((error as Base64Error).index).toBe(2);
    }
  });
});

describe("encodePayload / decodePayload", () => {
  it("encodes the seed's text message as the documentation does (btoa of ASCII JSON)", () => {
    const content: PayloadText = { type: 1, content: "Hello World" };
    expect(encodePayload(content)).toBe(viaBuffer('{"type":1,"content":"Hello World"}'));
  });

  it("is exact for emoji, CJK, combining marks and astral characters", () => {
    const samples = ["这是一条文本消息", "👨‍👩‍👧‍👦 family", "é vs é", "𝄞 clef", "日本語 한국어 العربية", "\u0000 nul and \u2028 separator"];
    for (const text of samples) {
      const encoded = encodePayload({ type: ContentType.Text, content: text });
      expect(encoded).toBe(viaBuffer(JSON.stringify({ type: 1, content: text })));
      expect(decodePayload<PayloadText>(encoded).content).toBe(text);
    }
  });

  it("keeps a lone surrogate (JSON.stringify escapes it)", () => {
    const content = { type: 1 as const, content: "broken \ud83d pair" };
    expect(decodePayload<PayloadText>(encodePayload(content)).content).toBe(content.content);
  });

  it("round-trips every documented content type", () => {
    const contents: MessageContent[] = [
      { type: 1, content: "这是一条文本消息", mention: { all: 0, uids: ["1223", "2323"] } },
      { type: 1, content: "回复了某某", reply: { root_mid: "xxx", message_id: "xxxx", message_seq: 123, from_uid: "xxxx", from_name: "xxx", payload: {} } },
      { type: 2, url: "http://xxxxx.com/xxx", width: 200, height: 320 },
      { type: 3, url: "http://xxxxx.com/xxx", width: 72, height: 72 },
      { type: 4, url: "http://xxxxx.com/xxx", timeTrad: 10 },
      { type: 8, url: "http://xxxxx.com/xxx", name: "xxxx.docx", size: 238734 },
      { type: 99, cmd: "unreadClear", param: { channel_id: "xxxx", channel_type: 2 } },
      { type: 1001, creator: "xxx", creator_name: "张三", content: "{0}邀请{1}、{2}加入群聊", extra: [{ uid: "xxx", name: "张三" }, { uid: "xx01", name: "李四" }] },
    ];
    for (const content of contents) expect(decodePayload(encodePayload(content))).toEqual(content);
  });

  it("decodes a payload Buffer produced", () => {
    const encoded = viaBuffer('{"type":2,"url":"https://cdn.example.com/a.png","width":200,"height":320}');
    const content = decodePayload(encoded);
    expect(content).toEqual({ type: 2, url: "https://cdn.example.com/a.png", width: 200, height: 320 });
  });

  it("says which layer of a bad payload failed", () => {
    const problem = (payload: string) => {
      try {
        decodePayload(payload);
      } catch (error) {
        expect(error).toBeInstanceOf(PayloadDecodeError);
        return [(error as PayloadDecodeError).problem, (error as Error).message];
      }
      return ["none", ""];
    };
    expect(problem("SGVsbG8gV29ybGQ")).toEqual(["base64", expect.stringMatching(/not standard base64: length 15/)]);
    expect(problem(Buffer.from([0xff, 0xfe, 0x7b]).toString("base64"))).toEqual(["utf8", expect.stringMatching(/not valid UTF-8/)]);
    expect(problem("SGVsbG8gV29ybGQ=")).toEqual(["json", expect.stringMatching(/not JSON .*"Hello World"/)]);
    expect(problem(viaBuffer("[1,2]"))).toEqual(["shape", expect.stringMatching(/expected a JSON object, got an array/)]);
    expect(problem(viaBuffer('{"content":"no type"}'))).toEqual(["shape", expect.stringMatching(/no integer "type"/)]);
    expect(problem(viaBuffer('{"type":"1"}'))).toEqual(["shape", expect.stringMatching(/got "1"/)]);
    expect(problem("")).toEqual(["json", expect.any(String)]);
  });

  it("types the content by its type", () => {
    const content = decodePayload(encodePayload({ type: 4, url: "u", timeTrad: 3 }));
    expectTypeOf(content).toEqualTypeOf<MessageContent>();
    if (content.type === ContentType.Voice) expectTypeOf(content).toMatchTypeOf<{ type: number }>();
    expect(isSystemContent({ type: 1002 })).toBe(true);
    expect(isSystemContent({ type: 99 })).toBe(false);
  });
});

describe("payload content types from the spec", () => {
  const spec = new BundledSpec(new URL("../openapi.json", import.meta.url));
  const schemas = (spec.doc["components"] as { schemas: Record<string, { examples?: unknown[] }> }).schemas;
  const names = ["PayloadText", "PayloadImage", "PayloadGif", "PayloadVoice", "PayloadFile", "PayloadCommand", "PayloadSystem"];

  it("round-trips every example of every Payload schema", () => {
    let count = 0;
    for (const name of names) {
      const examples = schemas[name]?.examples ?? [];
      expect(examples.length, `${name} has examples`).toBeGreaterThan(0);
      for (const example of examples) {
        const encoded = encodePayload(example as MessageContent);
        expect(encoded).toBe(Buffer.from(JSON.stringify(example), "utf8").toString("base64"));
        expect(decodePayload(encoded)).toEqual(example);
        count++;
      }
    }
    expect(count).toBeGreaterThanOrEqual(names.length);
  });

  it("uses the generated shapes (free-form param and reply payload widened)", () => {
    expectTypeOf<PayloadImage>().toEqualTypeOf<components["schemas"]["PayloadImage"]>();
    const command: PayloadCommand = { type: 99, cmd: "memberUpdate", param: { group_no: "group123" } };
    expect(decodePayload<PayloadCommand>(encodePayload(command)).param).toEqual({ group_no: "group123" });
  });
});
