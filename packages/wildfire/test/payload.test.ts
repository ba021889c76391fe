import { Buffer } from "node:buffer";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  Base64Error,
  ContentType,
  ConversationType,
  decodeBinaryData,
  decodeBinaryDataText,
  encodeBinaryData,
  MediaType,
  MentionedType,
  PersistFlag,
  Platform,
  textPayload,
  UserSettingScope,
  type components,
} from "../src/index.js";

describe("base64edData", () => {
  it("encodes bytes and UTF-8 strings as Buffer does", () => {
    const bytes = Uint8Array.from([0, 1, 2, 250, 251, 252, 253, 254, 255]);
    expect(encodeBinaryData(bytes)).toBe(Buffer.from(bytes).toString("base64"));
    const text = '{"remark":"野火IM 🔥","datas":[]}';
    expect(encodeBinaryData(text)).toBe(Buffer.from(text, "utf8").toString("base64"));
  });

  it("decodes back exactly", () => {
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) & 255);
    expect(Array.from(decodeBinaryData(encodeBinaryData(bytes)))).toEqual(Array.from(bytes));
    expect(decodeBinaryDataText(encodeBinaryData("登录地点: 北京"))).toBe("登录地点: 北京");
  });

  it("names what is wrong with bad data", () => {
    expect(() => decodeBinaryData("abc")).toThrow(Base64Error);
    expect(() => decodeBinaryData("ab$=")).toThrow(/character '\$' at index 2/);
    expect(() => decodeBinaryDataText(Buffer.from([0xc3, 0x28]).toString("base64"))).toThrow(TypeError);
  });
});

describe("textPayload", () => {
  it("puts the text in searchableContent of a type-1 payload, stored and counted", () => {
    expect(textPayload("Hello from the admin API")).toEqual({
      type: 1,
      searchableContent: "Hello from the admin API",
      mediaType: 0,
      persistFlag: 3,
      expireDuration: 0,
      mentionedType: 0,
    });
  });

  it("takes other fields, which may override the defaults", () => {
    const payload = textPayload("@all meeting at 3", { mentionedType: MentionedType.Everyone, pushContent: "meeting", persistFlag: PersistFlag.Persist });
    expect(payload).toMatchObject({ type: ContentType.Text, searchableContent: "@all meeting at 3", mentionedType: 2, pushContent: "meeting", persistFlag: 1 });
    expectTypeOf(payload).toEqualTypeOf<components["schemas"]["MessagePayloadInput"]>();
  });
});

describe("constants", () => {
  it("match the server's numbers", () => {
    expect(ConversationType).toEqual({ Single: 0, Group: 1, Chatroom: 2, Channel: 3, Things: 4, SecretChat: 5 });
    expect([ContentType.Text, ContentType.Voice, ContentType.Image, ContentType.Location, ContentType.File, ContentType.Video, ContentType.Sticker, ContentType.Link]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([ContentType.PText, ContentType.Card, ContentType.Composite, ContentType.RichNotification, ContentType.Articles]).toEqual([9, 10, 11, 12, 13]);
    expect([ContentType.Recall, ContentType.Tip, ContentType.Typing, ContentType.PcLoginRequest, ContentType.CreateGroup, ContentType.ModifyGroupMemberExtra]).toEqual([80, 90, 91, 94, 104, 123]);
    expect(PersistFlag).toEqual({ NotPersist: 0, Persist: 1, PersistAndCount: 3, Transparent: 4 });
    expect(Object.values(MediaType)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect([UserSettingScope.ConversationSilent, UserSettingScope.GlobalSilent, UserSettingScope.ConversationTop, UserSettingScope.FavouriteGroup, UserSettingScope.CustomState, UserSettingScope.GroupRemark, UserSettingScope.PrivacySearchable, UserSettingScope.AddFriendStrategy]).toEqual([1, 2, 3, 6, 23, 26, 27, 28]);
    expect(Object.values(Platform)).toEqual(Array.from({ length: 18 }, (_, i) => i));
    expect(Platform.Web).toBe(5);
  });

  it("have no duplicate values", () => {
    for (const table of [ContentType, ConversationType, PersistFlag, MediaType, MentionedType, UserSettingScope, Platform]) {
      const values = Object.values(table);
      expect(new Set(values).size).toBe(values.length);
    }
  });

  it("agree with the spec's ConversationType enum", () => {
    type SpecConversationType = components["schemas"]["ConversationType"];
    expectTypeOf<ConversationType>().toMatchTypeOf<SpecConversationType>();
  });
});
