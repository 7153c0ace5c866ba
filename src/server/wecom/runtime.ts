import { callWecom, WecomEnvelope, WecomRequest } from './http';
import { Connections } from './proxy';
import { AccessTokens } from './token';
import { TokenStore, WecomConfig } from './types';

/**
 * What one NocoBase app keeps for calling WeCom: its open connections and its access tokens. The plugin creates
 * one in `load()` and closes it when the app stops or reloads, so two apps in one process never share them and a
 * stopped app leaves no open socket behind.
 */
export class WecomRuntime {
  private readonly connections = new Connections();
  readonly tokens: AccessTokens;

  constructor(tokenStore: TokenStore) {
    this.tokens = new AccessTokens(tokenStore, this.connections);
  }

  /** One call to the WeCom API (see http.ts). */
  call<T extends WecomEnvelope>(config: WecomConfig, request: WecomRequest): Promise<T> {
    return callWecom<T>(this.connections, config, request);
  }

  /** One call that needs the app's access_token, in the query as WeCom wants it. */
  callWithToken<T extends WecomEnvelope>(config: WecomConfig, request: WecomRequest): Promise<T> {
    return this.tokens.with(config, (token) =>
      this.call<T>(config, { ...request, query: { access_token: token, ...request.query } }),
    );
  }

  /** Closes the open connections and forgets this process's token copies. */
  close(): void {
    this.connections.close();
    this.tokens.clear();
  }
}
