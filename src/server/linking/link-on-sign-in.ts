import type { Context, Next } from '@nocobase/actions';
import { AUTH_TYPE, LINK_NAME_HEADER, LINK_OUTCOME_HEADER } from '../../constants';
import type { MessageId } from '../../messages';
import { wecomAuthenticator } from '../authenticator';
import type { BindingScope } from '../accounts/bindings';
import { linkMemberToUser } from './link-member';
import type { OnceMarks } from '../web/once';
import { claimPendingLink, PendingLink, readPendingLink } from './pending-link';

/**
 * The second half of a pending link: after a successful `auth:signIn` with any other authenticator (password,
 * SMS, another SSO) in the browser that holds a pending link, the WeCom member is bound to the user who just
 * proved who they are. That proof is the sign-in itself, so privileged users link this way too. The answer of
 * the sign-in carries the outcome (`x-wecom-link: linked` or the refusal's message id, and the member's name in
 * `x-wecom-link-name`) for the page to confirm. The sign-in itself never fails because of a link.
 */
export function linkOnSignIn(once: OnceMarks) {
  return async function wecomLinkOnSignIn(ctx: Context, next: Next) {
    await next();
    if (ctx.action?.resourceName !== 'auth' || ctx.action?.actionName !== 'signIn') {
      return;
    }
    const userId = signedInUserId(ctx);
    if (userId === undefined || ctx.auth?.authenticator?.get?.('authType') === AUTH_TYPE) {
      return;
    }
    const link = await readPendingLink(ctx, once);
    if (!link || !(await claimPendingLink(ctx, once, link))) {
      return;
    }
    const outcome = await bindPendingLink(ctx, link, userId);
    ctx.set(LINK_OUTCOME_HEADER, outcome);
    ctx.set(LINK_NAME_HEADER, encodeURIComponent(link.name));
  };
}

/** The user `auth:signIn` just signed in (its answer is `{ user, token }`), if it succeeded. */
function signedInUserId(ctx: Context): number | undefined {
  const body = ctx.body as { user?: { id?: unknown }; token?: unknown } | undefined;
  const id = body?.user?.id;
  return typeof body?.token === 'string' && body.token && typeof id === 'number' ? id : undefined;
}

/** Binds the pending member to `userId` unless something changed since the WeCom sign-in; the outcome's id. */
export async function bindPendingLink(ctx: Context, link: PendingLink, userId: number): Promise<MessageId> {
  let scope: BindingScope;
  try {
    const { settings } = await wecomAuthenticator(ctx, link.authenticator);
    scope = { authenticator: link.authenticator, corpId: settings.config.corpId };
  } catch {
    return 'linkExpired'; // the authenticator was disabled, removed or broken meanwhile
  }
  if (scope.corpId !== link.corpId) {
    return 'linkExpired'; // the admin moved the authenticator to another company
  }
  const member = { userid: link.userid, name: link.name };
  return linkMemberToUser(ctx, { scope, member, userId, taken: 'linkTaken' });
}
