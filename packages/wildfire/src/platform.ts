/** Client platforms (`/admin/user/get_token` `platform`, session lists). 13–17 exist since 1.4.6. */
export const Platform = {
  Unset: 0,
  iOS: 1,
  Android: 2,
  Windows: 3,
  macOS: 4,
  Web: 5,
  WeChatMiniProgram: 6,
  Linux: 7,
  iPad: 8,
  AndroidPad: 9,
  HarmonyOS: 10,
  HarmonyOSPad: 11,
  HarmonyOSPc: 12,
  AndroidWearable: 13,
  HarmonyOSWearable: 14,
  AndroidTv: 15,
  AppleTv: 16,
  HarmonyOSTv: 17,
} as const;
export type Platform = (typeof Platform)[keyof typeof Platform];
