// Type-level checks, enforced by `tsc --noEmit -p .` (never run): each @ts-expect-error line must
// fail to compile, so the day the generated types stop catching one of these mistakes, tsc fails.
import { createWukongimClient, decodePayload, encodePayload, personChannelId, unwrap, type PayloadImage, type PayloadText } from "../src/index.js";

export async function typeChecks(): Promise<void> {
  const client = createWukongimClient({ baseUrl: "http://127.0.0.1:5001" });
  const payload = encodePayload({ type: 1, content: "hi" });

  // A wrong field name: channelId instead of channel_id.
  // @ts-expect-error 'channelId' does not exist on the send body
  await client.POST("/message/send", { body: { channelId: "group123", channel_type: 2, payload } });

  // A missing required field: payload.
  // @ts-expect-error payload is required
  await client.POST("/message/send", { body: { channel_id: "group123", channel_type: 2 } });

  // A wrong type: channel_type is a number.
  // @ts-expect-error channel_type must be a number
  await client.POST("/message/send", { body: { channel_id: "group123", channel_type: "2", payload } });

  // An unknown path.
  // @ts-expect-error /message/sent is not a route
  await client.POST("/message/sent", { body: {} });

  // A route with the wrong method: /message/send is POST only.
  // @ts-expect-error no GET /message/send
  await client.GET("/message/send");

  // A missing required query parameter.
  // @ts-expect-error channel_id is required
  await client.GET("/channel/max_message_seq", { params: { query: { channel_type: 2 } } });

  // unwrap removes the HTTP-200 {status: 404} shape, so message fields are reachable directly...
  const message = unwrap(await client.POST("/message", { body: { channel_id: "group123", channel_type: 2, message_id: 1 } }));
  const seq: number = message.message_seq;
  // ...and a field the message does not have is an error.
  // @ts-expect-error no such field on a message
  void message.messageSeq;

  // Payload contents are typed by their type.
  // @ts-expect-error a text payload has content, not text
  encodePayload({ type: 1, text: "hi" });
  // @ts-expect-error an image needs width and height
  encodePayload({ type: 2, url: "https://cdn.example.com/a.png" });
  const image: PayloadImage = decodePayload<PayloadImage>(payload);
  // @ts-expect-error an image payload has no content
  void image.content;
  const text: PayloadText = decodePayload<PayloadText>(payload);

  // @ts-expect-error personChannelId takes two uids
  personChannelId("user123");

  void seq;
  void text;
}
