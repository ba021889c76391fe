/**
 * Scopes of per-user settings (`/admin/user/put_setting`, `/admin/user/get_setting`), as the
 * clients define them. Apps may use their own scopes from 1000 up.
 */
export const UserSettingScope = {
  /** Key `"<type>-<line>-<target>"`, value `"1"` silent. */
  ConversationSilent: 1,
  GlobalSilent: 2,
  /** Key `"<type>-<line>-<target>"`, value `"1"` pinned, `"0"` not. */
  ConversationTop: 3,
  HiddenNotificationDetail: 4,
  GroupHideNickname: 5,
  /** Key: group id. */
  FavouriteGroup: 6,
  ConversationSync: 7,
  MyChannels: 8,
  ListenedChannels: 9,
  PcOnline: 10,
  ConversationRead: 11,
  WebOnline: 12,
  DisableReceipt: 13,
  FavouriteUser: 14,
  MuteWhenPcOnline: 15,
  LinesRead: 16,
  NoDisturbing: 17,
  ConversationClearMessage: 18,
  ConversationDraft: 19,
  DisableSyncDraft: 20,
  VoipSilent: 21,
  PttReserved: 22,
  CustomState: 23,
  DisableSecretChat: 24,
  PttSilent: 25,
  /** Key: group id. */
  GroupRemark: 26,
  PrivacySearchable: 27,
  AddFriendStrategy: 28,
  /** First scope free for applications. */
  CustomBegin: 1000,
} as const;
export type UserSettingScope = (typeof UserSettingScope)[keyof typeof UserSettingScope];
