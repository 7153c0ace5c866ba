import { AuthConfig, BaseAuth } from '@nocobase/auth';
import { MSG, SignInError, toSignInError } from './messages';
import { readSettings } from './settings';
import { userForMember } from './users';
import { createWecomClient, memberFromCode } from './wecom/api';

/** What the callback action hands to `validate()` once it has checked the state. */
export interface VerifiedCallback {
  code: string;
}

export const VERIFIED_CALLBACK = 'wecomCallback';

/**
 * A WeCom sign-in: code → WeCom member → NocoBase user. Only the `wecom:redirect` action can drive it, after
 * checking the OAuth state; a bare `auth:signIn` with a code is refused.
 */
export class WecomAuth extends BaseAuth {
  constructor(config: AuthConfig) {
    super({ ...config, userCollection: config.ctx.db.getCollection('users') });
  }

  /** The authenticator record this instance serves (name, type, options), for the actions' checks. */
  get record(): { name: string; authType: string; options: unknown } {
    return {
      name: this.authenticator?.get('name') as string,
      authType: this.authenticator?.get('authType') as string,
      options: this.options,
    };
  }

  async validate() {
    const callback: VerifiedCallback | undefined = this.ctx.state?.[VERIFIED_CALLBACK];
    try {
      if (!callback) {
        throw new SignInError(MSG.badState);
      }
      if (!callback.code) {
        throw new SignInError(MSG.noCode);
      }
      const settings = readSettings(this.options);
      const client = createWecomClient(settings.config, this.ctx.app.cache);
      const member = await memberFromCode(client, callback.code);
      return await userForMember(this.ctx.app, member, {
        authenticator: this.authenticator.name,
        corpId: settings.config.corpId,
        autoSignup: settings.autoSignup,
        privilegedRoles: settings.privilegedRoles,
        logger: this.ctx.logger,
      });
    } catch (error) {
      throw toSignInError(error);
    }
  }
}
