import { unwrap } from "./envelope.js";
import type { components } from "./generated/schema.js";
import { createOpenchatClient, type OpenchatClient, type OpenchatClientOptions } from "./client.js";

/** The login route's answer: user, access token, refresh token, lifetime and WuKongIM settings. */
export type AuthSession = components["schemas"]["AuthSession"];

export interface LoginOptions extends Omit<OpenchatClientOptions, "token" | "refresh"> {
  username: string;
  password: string;
  /** Optional device id (1–64 of `A-Z a-z 0-9 . _ : -`), written into the tokens. */
  deviceId?: string | undefined;
}

export interface OpenchatSession {
  /** A client that sends the session's access token and refreshes it once on a 401. */
  readonly client: OpenchatClient;
  /** The login answer (user, tokens, `imConfig` when OpenChat registered the user with WuKongIM). */
  readonly login: AuthSession;
  /** The current access token (changes after a refresh). */
  readonly token: string;
  /** Exchanges the refresh token for new tokens now; concurrent calls share one request. */
  refresh(): Promise<string>;
}

/**
 * Logs in with `POST /api/v1/auth/login` (at its path on `options.surface`) and returns a client that uses the access token and, on a
 * 401, renews it once through `POST /api/v1/auth/refresh` with the kept refresh token. Throws an
 * OpenchatError (`code` `AUTH_004`, `status` 401) for a wrong username or password.
 */
export async function login(options: LoginOptions): Promise<OpenchatSession> {
  const { username, password, deviceId, ...clientOptions } = options;
  const anonymous = createOpenchatClient(clientOptions);
  const answer = unwrap(
    await anonymous.POST("/api/v1/auth/login", {
      body: deviceId === undefined ? { username, password } : { username, password, deviceId },
    }),
  );
  let tokens = { token: answer.token, refreshToken: answer.refreshToken };
  let pending: Promise<string> | undefined;

  const refresh = (): Promise<string> => {
    pending ??= (async () => {
      const next = unwrap(await anonymous.POST("/api/v1/auth/refresh", { body: { refreshToken: tokens.refreshToken } }));
      tokens = { token: next.token, refreshToken: next.refreshToken };
      return next.token;
    })().finally(() => {
      pending = undefined;
    });
    return pending;
  };

  const client = createOpenchatClient({ ...clientOptions, token: () => tokens.token, refresh });
  return {
    client,
    login: answer,
    get token() {
      return tokens.token;
    },
    refresh,
  };
}
