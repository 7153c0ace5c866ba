import type { Context } from '@nocobase/actions';
import { MSG, type MessageId } from '../../messages';
import { linkMemberToUser } from './link-member';
import { SignInError, toSignInError } from '../failures';
import type { WecomSettings } from '../settings';
import { createWecomClient, memberFromCode } from '../wecom/api';
import { wecomRuntime } from '../wecom/app-runtime';

/**
 * Link mode of the WeCom flow, started from the user center: `getAuthUrl?mode=link` needs the current session
 * and seals the user's id into the flow; the callback then binds the member to that user instead of signing
 * anyone in, and lands on the page with `?authenticator=NAME&link=<outcome id>`.
 */
export { LINK_MODE } from '../../constants';

/**
 * The signed-in user a link-mode flow is for; refused without a session. `getAuthUrl` is public, so NocoBase's
 * auth middleware skipped the session check there: the session's own authenticator checks its token here.
 */
export async function linkingUserId(ctx: Context): Promise<number> {
  let user = ctx.state?.currentUser;
  if (!user && ctx.getBearerToken?.()) {
    user = await Promise.resolve(ctx.auth?.check?.()).catch(() => undefined);
  }
  if (typeof user?.id !== 'number') {
    throw new SignInError(MSG.linkNeedsSignIn, {}, 401);
  }
  return user.id;
}

/** The callback of a link-mode flow: the member behind `code` → bound to `userId`; the outcome's message id. */
export async function finishLinkFlow(
  ctx: Context,
  authenticator: string,
  settings: WecomSettings,
  userId: number,
  code: unknown,
): Promise<MessageId> {
  if (typeof code !== 'string' || !code) {
    return 'noCode';
  }
  let member: { userid: string; name: string };
  try {
    const client = createWecomClient(settings.config, wecomRuntime(ctx.app));
    const found = await memberFromCode(client, code);
    const name =
      found.name ??
      (await client.getProfile(found.userid).then(
        (p) => p.name,
        () => undefined,
      ));
    member = { userid: found.userid, name: name || found.userid };
  } catch (error) {
    return toSignInError(error).id;
  }
  if (!(await ctx.db.getRepository('users').count({ filter: { id: userId } }))) {
    return 'linkNeedsSignIn'; // the account was removed since the flow started
  }
  const scope = { authenticator, corpId: settings.config.corpId };
  return linkMemberToUser(ctx, { scope, member, userId, taken: 'memberLinkedToOther', linkedBy: 'link' });
}
