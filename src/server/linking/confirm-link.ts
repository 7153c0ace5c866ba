import type { Context, Next } from '@nocobase/actions';
import { MSG, type MessageId } from '../../messages';
import { wecomAuthenticator } from '../authenticator';
import type { BindingScope } from '../accounts/bindings';
import { SignInError, toSignInError } from '../failures';
import { requestLanguage, translate } from '../i18n';
import type { OnceMarks } from '../web/once';
import { sameText } from '../web/seal';
import { linkMemberToUser } from './link-member';
import { currentSession, linkAccountOf, sameSession } from './link-session';
import { claimPendingLink, PendingLink, readPendingLink } from './pending-link';

/**
 * The only thing that binds a pending link: its owner's confirmation. Both actions are for the signed-in user
 * (ACL `loggedIn`, a Bearer token), and only in the browser holding the link, armed by a sign-in on the page
 * that showed it (link-on-sign-in.ts), for the session that sign-in began:
 * - `GET wecom:linkConfirmation` → `{ pending: true, id, authenticator, member: { userid, name }, account:
 *   { nickname, username }, privileged, expiresAt }` (what the page names before asking), else `{ pending: false }`;
 * - `POST wecom:confirmLink` `{ id }` (the id the page showed) → `{ linked: true, userid, name }`, once. Refused
 *   (4xx with the message id as `code`): no such link here or expired (`linkExpired`), armed for another session
 *   (`linkNotYours`), root (`linkRootRefused`), the authenticator disabled or moved to another Corp ID
 *   (`linkExpired`), the member bound meanwhile (`linkTaken`), the user bound to another member (`linkUserHasOther`).
 * "Not me" is `POST wecom:cancelLink`.
 */
export function confirmActions(once: OnceMarks) {
  async function linkConfirmation(ctx: Context, next: Next) {
    const link = await armedLink(ctx, once).catch(() => undefined);
    const found = link && (await confirmationOf(ctx, link));
    ctx.body = found ? { pending: true, ...found } : { pending: false };
    await next();
  }

  async function confirmLink(ctx: Context, next: Next) {
    if (ctx.method !== 'POST') {
      ctx.throw(405);
    }
    try {
      const link = await armedLink(ctx, once, ctx.action.params.values?.id ?? null);
      const userId = link.armed!.userId;
      if ((await linkAccountOf(ctx.db, userId, [])).root) {
        await claimPendingLink(ctx, once, link);
        throw refusal('linkRootRefused', 403);
      }
      if (!(await claimPendingLink(ctx, once, link))) {
        throw refusal('linkExpired'); // another request took it this very moment
      }
      const outcome = await bindPendingLink(ctx, link, userId);
      if (outcome !== 'linked') {
        throw refusal(outcome);
      }
      ctx.body = { linked: true, userid: link.userid, name: link.name };
    } catch (error) {
      const failure = toSignInError(error);
      const text = translate(ctx, requestLanguage(ctx), failure.messageKey, failure.params);
      ctx.throw(failure.status, text, { code: failure.id });
    }
    await next();
  }

  return { linkConfirmation, confirmLink };
}

const refusal = (id: MessageId, status = 400) => new SignInError(MSG[id], {}, status);

/**
 * This browser's pending link, armed for the session of this request (and, when `id` is given, that very link);
 * else a refusal. A link armed for another session stays as it is: only its own session, or "Not me", ends it.
 */
async function armedLink(ctx: Context, once: OnceMarks, id?: unknown): Promise<PendingLink> {
  const link = await readPendingLink(ctx, once);
  if (!link || (id !== undefined && (typeof id !== 'string' || !sameText(id, link.id)))) {
    throw refusal('linkExpired');
  }
  if (!sameSession(link.armed, currentSession(ctx))) {
    throw refusal('linkNotYours', 403);
  }
  return link;
}

/** What the confirmation names: the member, the account, whether it has administrator rights. */
async function confirmationOf(ctx: Context, link: PendingLink) {
  let privilegedRoles: string[];
  try {
    privilegedRoles = (await wecomAuthenticator(ctx, link.authenticator)).settings.privilegedRoles;
  } catch {
    return undefined; // the authenticator was disabled or removed: nothing left to confirm
  }
  const account = await linkAccountOf(ctx.db, link.armed!.userId, privilegedRoles);
  if (account.root) {
    return undefined;
  }
  return {
    id: link.id,
    authenticator: link.authenticator,
    member: { userid: link.userid, name: link.name },
    account: { nickname: account.nickname, username: account.username },
    privileged: account.privileged,
    expiresAt: link.expiresAt,
  };
}

/** Binds the pending member to `userId` unless something changed since the WeCom sign-in; the outcome's id. */
async function bindPendingLink(ctx: Context, link: PendingLink, userId: number): Promise<MessageId> {
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
  return linkMemberToUser(ctx, { scope, member, userId, taken: 'linkTaken', linkedBy: 'confirmed' });
}
