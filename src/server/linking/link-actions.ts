import type { Context, Next } from '@nocobase/actions';
import type { HandlerType } from '@nocobase/resourcer';
import type Application from '@nocobase/server';
import {
  ACTION_CANCEL_LINK,
  ACTION_CONFIRM_LINK,
  ACTION_LINK_CONFIRMATION,
  ACTION_MY_LINK,
  ACTION_PENDING_LINK,
  ACTION_UNLINK,
  RESOURCE,
} from '../../constants';
import { confirmActions } from './confirm-link';
import { linkOnSignIn } from './link-on-sign-in';
import type { OnceMarks } from '../web/once';
import { myLink, unlink, USER_LINK_ACTIONS } from './user-link-actions';
import { claimPendingLink, readPendingLink } from './pending-link';

/**
 * The public actions of a pending link, for the sign-in page of the browser that holds one:
 * - `GET wecom:pendingLink?authenticator=NAME` → `{ data: { pending: true, authenticator, name, id } }` (the
 *   member's WeCom name, for the banner, and the link's id, which the page's sign-in carries as the proof that
 *   it showed the link) or `{ data: { pending: false } }`. Both come from the sealed cookie, never from the URL.
 * - `POST wecom:cancelLink` → `{ data: { cancelled } }` (Cancel, "Not me"): the pending link is used up and its
 *   cookie removed.
 */
export function linkActions(once: OnceMarks) {
  async function pendingLink(ctx: Context, next: Next) {
    const { authenticator } = ctx.action.params;
    const link =
      typeof authenticator === 'string' && authenticator ? await readPendingLink(ctx, once, authenticator) : undefined;
    ctx.body = link
      ? { pending: true, authenticator: link.authenticator, name: link.name, id: link.id }
      : { pending: false };
    await next();
  }

  async function cancelLink(ctx: Context, next: Next) {
    if (ctx.method !== 'POST') {
      ctx.throw(405);
    }
    const link = await readPendingLink(ctx, once);
    ctx.body = { cancelled: Boolean(link) && (await claimPendingLink(ctx, once, link!)) };
    await next();
  }

  return { [ACTION_PENDING_LINK]: pendingLink, [ACTION_CANCEL_LINK]: cancelLink };
}

/**
 * Wiring of linking: the pending-link actions (public: the browser is not signed in yet), the sign-in hook, and
 * the signed-in user's actions (the confirmation, the user center's).
 */
export function registerLinking(app: Application, once: OnceMarks) {
  const resource = app.resourceManager.getResource(RESOURCE);
  const actions = linkActions(once);
  for (const [name, handler] of Object.entries(actions)) {
    resource.addAction(name, handler as unknown as HandlerType);
  }
  app.acl.allow(RESOURCE, Object.keys(actions), 'public');
  resource.addAction(ACTION_MY_LINK, myLink as unknown as HandlerType);
  resource.addAction(ACTION_UNLINK, unlink as unknown as HandlerType);
  const confirm = confirmActions(once);
  resource.addAction(ACTION_LINK_CONFIRMATION, confirm.linkConfirmation as unknown as HandlerType);
  resource.addAction(ACTION_CONFIRM_LINK, confirm.confirmLink as unknown as HandlerType);
  app.acl.allow(RESOURCE, [...USER_LINK_ACTIONS, ACTION_LINK_CONFIRMATION, ACTION_CONFIRM_LINK], 'loggedIn');
  // Koa-style actions take NocoBase's full Context; the resourcer types its handlers more narrowly.
  app.resourceManager.use(linkOnSignIn(once) as unknown as HandlerType, { tag: 'wecomLinkOnSignIn' });
}
