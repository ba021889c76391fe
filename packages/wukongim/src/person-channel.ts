import { crc32 } from "./crc32.js";

const encoder = new TextEncoder();

function checkUid(name: string, uid: string): void {
  if (typeof uid !== "string" || uid === "") throw new TypeError(`personChannelId: ${name} must be a non-empty uid`);
  if (uid.includes("@")) throw new TypeError(`personChannelId: ${name} ${JSON.stringify(uid)} contains '@'; WuKongIM uids cannot`);
}

/**
 * The id WuKongIM v2 stores a person (1:1) channel under, as its `GetFakeChannelIDWith(fromUID,
 * toUID)` builds it: the uid whose CRC-32/IEEE (of its UTF-8 bytes) is larger goes first,
 * `"<larger>@<smaller>"`; when the hashes are equal the result is `"<toUid>@<fromUid>"`.
 * Both orders of arguments give the same id except in that rare tie.
 *
 * Most routes take the peer's uid and build this id themselves; `/message/byclientmsgno` and
 * `/cluster/messages` need it spelled out.
 */
export function personChannelId(fromUid: string, toUid: string): string {
  checkUid("fromUid", fromUid);
  checkUid("toUid", toUid);
  const fromHash = crc32(encoder.encode(fromUid));
  const toHash = crc32(encoder.encode(toUid));
  return fromHash > toHash ? `${fromUid}@${toUid}` : `${toUid}@${fromUid}`;
}
