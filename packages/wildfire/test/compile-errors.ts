// Type-level checks, enforced by `tsc --noEmit -p .` (never run): each @ts-expect-error line must
// fail to compile, so the day the generated types stop catching one of these mistakes, tsc fails.
import { createWildfireClient, isConversationTop, setConversationTop, textPayload, unwrap } from "../src/index.js";

export async function typeChecks(): Promise<void> {
  const client = createWildfireClient({ baseUrl: "http://127.0.0.1:18080", secret: "123456" });

  // @ts-expect-error the secret is required
  createWildfireClient({ baseUrl: "http://127.0.0.1:18080" });

  // A wrong field name: userid instead of userId.
  // @ts-expect-error 'userid' does not exist on the get_info body
  await client.POST("/admin/user/get_info", { body: { userid: "u_test01" } });

  // A misspelled optional field next to a correct one.
  // @ts-expect-error 'includeDeletd' does not exist on the get_info body
  await client.POST("/admin/user/get_info", { body: { userId: "u_test01", includeDeletd: true } });

  // A missing required field: get_setting needs userId.
  // @ts-expect-error userId is required
  await client.POST("/admin/user/get_setting", { body: { scope: 3, key: "0-0-u_test02" } });

  // A wrong type: scope is a number.
  // @ts-expect-error scope must be a number
  await client.POST("/admin/user/get_setting", { body: { userId: "u_test01", scope: "3", key: "0-0-u_test02" } });

  // An unknown path, and a documented path with a typo.
  // @ts-expect-error /admin/user/get_infos is not a route
  await client.POST("/admin/user/get_infos", { body: { userId: "u_test01" } });

  // The wrong method: /admin/health is GET only.
  // @ts-expect-error no POST /admin/health
  await client.POST("/admin/health", {});

  // unwrap gives the typed result: a user has userId, not user_id.
  const user = unwrap(await client.POST("/admin/user/get_info", { body: { userId: "u_test01" } }));
  const id: string | undefined = user.userId;
  // @ts-expect-error no such field on a user
  void user.user_id;

  // Payload builder and helpers are typed too.
  // @ts-expect-error text must be a string
  textPayload(42);
  // @ts-expect-error top is required
  await setConversationTop(client, { userId: "u_test01", conversation: { type: 0, target: "u_test02" } });
  // @ts-expect-error a conversation needs a target
  await isConversationTop(client, { userId: "u_test01", conversation: { type: 0 } });

  void id;
}
