import type { Context, Next } from '@nocobase/actions';
import { AUTH_TYPE, LINK_CONFIRM, LINK_NAME_HEADER, LINK_OUTCOME_HEADER, LINK_PROMPT_HEADER } from '../../constants';
import type { OnceMarks } from '../web/once';
import { sameText } from '../web/seal';
import { linkAccountOf, sessionOfToken } from './link-session';
import { armPendingLink, claimPendingLink, readPendingLink } from './pending-link';

/**
 * What a successful `auth:signIn` with any other authenticator (password, SMS, …) does to this browser's pending
 * link. It never binds. A sign-in that carries the prompt (`x-wecom-link-prompt`: the link's id, which only the
 * sign-in page showing the link has) arms the link for the session it began, and its answer says `x-wecom-link:
 * confirm` (with the member's name in `x-wecom-link-name`): the page then asks that user to confirm
 * (confirm-link.ts). A sign-in without it (a page that did not show the link, another tab, an API client) drops
 * the link. Root is never offered one: the link is dropped and the answer says `linkRootRefused`. A failed
 * sign-in changes nothing; the sign-in itself never fails because of a link.
 */
export function linkOnSignIn(once: OnceMarks) {
  return async function wecomLinkOnSignIn(ctx: Context, next: Next) {
    await next();
    if (ctx.action?.resourceName !== 'auth' || ctx.action?.actionName !== 'signIn') {
      return;
    }
    const session = signedInSession(ctx);
    if (!session || ctx.auth?.authenticator?.get?.('authType') === AUTH_TYPE) {
      return;
    }
    const link = await readPendingLink(ctx, once);
    if (!link) {
      return;
    }
    const prompt = ctx.get(LINK_PROMPT_HEADER);
    if (!prompt || !sameText(prompt, link.id)) {
      await claimPendingLink(ctx, once, link); // signed in without seeing it: nobody agreed to it
      return;
    }
    ctx.set(LINK_NAME_HEADER, encodeURIComponent(link.name));
    if ((await linkAccountOf(ctx.db, session.userId, [])).root) {
      await claimPendingLink(ctx, once, link);
      ctx.set(LINK_OUTCOME_HEADER, 'linkRootRefused');
      return;
    }
    armPendingLink(ctx, link, session);
    ctx.set(LINK_OUTCOME_HEADER, LINK_CONFIRM);
  };
}

/** The session `auth:signIn` just began (its answer is `{ user, token }`), if it succeeded. */
function signedInSession(ctx: Context) {
  const body = ctx.body as { user?: { id?: unknown }; token?: unknown } | undefined;
  const session = sessionOfToken(body?.token);
  return session && session.userId === Number(body?.user?.id) ? session : undefined;
}
