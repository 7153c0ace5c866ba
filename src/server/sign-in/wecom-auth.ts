import { AuthConfig, BaseAuth } from '@nocobase/auth';
import type { Model } from '@nocobase/database';
import { MSG, SignInError, toSignInError } from '../failures';
import { readSettings, StoredOptions } from '../settings';
import { updateProfile } from '../accounts/profile';
import { userForMember } from '../accounts/users';
import { createWecomClient, memberFromCode, WecomClient } from '../wecom/api';
import { wecomRuntime } from '../wecom/app-runtime';
import type { WecomMember } from '../wecom/types';

/** What the callback action hands to `validate()` once it has checked the state. */
export interface VerifiedCallback {
  code: string;
  /** Set by `validate()`: the WeCom userid the code belonged to. */
  userid?: string;
}

export const VERIFIED_CALLBACK = 'wecomCallback';

/** Where `validate()` leaves a member it found no user for, for the callback to offer a link. */
export const UNMATCHED_MEMBER = 'wecomUnmatchedMember';

export interface UnmatchedMember {
  userid: string;
  /** The member's name in WeCom (the userid when WeCom did not tell it). */
  name: string;
  corpId: string;
}

/** The refusals that offer a link: nobody found, or only an account that is never linked by phone. */
export const LINK_OFFERING_FAILURES = new Set<string>([
  MSG.notLinkedYet,
  MSG.noMobileShared,
  MSG.noUserNoSignup,
  MSG.privilegedNoAutoLink,
]);

/**
 * A WeCom sign-in: code → WeCom member → NocoBase user. Only the `wecom:redirect` action can drive it, after
 * checking the OAuth state; a bare `auth:signIn` with a code is refused.
 */
export class WecomAuth extends BaseAuth {
  constructor(config: AuthConfig) {
    super({ ...config, userCollection: config.ctx.db.getCollection('users') });
  }

  /** The authenticator record this instance serves (name, type, options), for the actions' checks. */
  get record(): { name: string; authType: string; options: StoredOptions } {
    return {
      name: this.authenticator?.get('name') as string,
      authType: this.authenticator?.get('authType') as string,
      options: this.options as StoredOptions,
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
      const client = createWecomClient(settings.config, wecomRuntime(this.ctx.app));
      const member = await memberFromCode(client, callback.code);
      callback.userid = member.userid;
      let user: Model;
      try {
        user = await userForMember(this.ctx.app, member, {
          authenticator: this.authenticator.name,
          corpId: settings.config.corpId,
          autoSignup: settings.autoSignup,
          privilegedRoles: settings.privilegedRoles,
          matchBy: settings.matchBy,
          signupRole: settings.signupRole,
          logger: this.ctx.logger,
        });
      } catch (error) {
        await this.rememberUnmatched(error, client, member, settings.config.corpId);
        throw error;
      }
      await updateProfile(this.ctx.app.db, user, member, settings.syncProfile, this.ctx.logger);
      return user;
    } catch (error) {
      throw toSignInError(error);
    }
  }

  /**
   * A member no user was found for (or one matched only to a privileged account): the callback offers the
   * browser a pending link (pending-link.ts). A QR sign-in does not tell the name: ask WeCom, at no cost to
   * sign-ins that succeed.
   */
  private async rememberUnmatched(error: unknown, client: WecomClient, member: WecomMember, corpId: string) {
    if (!(error instanceof SignInError) || !LINK_OFFERING_FAILURES.has(error.messageKey)) {
      return;
    }
    let name = member.name;
    if (!name) {
      try {
        name = (await client.getProfile(member.userid)).name;
      } catch {
        // The name is a courtesy for the prompt: without it the prompt shows the userid.
      }
    }
    const unmatched: UnmatchedMember = { userid: member.userid, name: name || member.userid, corpId };
    this.ctx.state[UNMATCHED_MEMBER] = unmatched;
  }
}
