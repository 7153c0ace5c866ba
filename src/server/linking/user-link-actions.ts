import type { Context, Next } from '@nocobase/actions';
import { ACTION_MY_LINK, ACTION_UNLINK } from '../../constants';
import { wecomAuthenticator } from '../authenticator';
import { requestLanguage, translate } from '../i18n';
import { linkingUserId } from './link-mode';
import { toSignInError } from '../failures';

/**
 * The user center's WeCom entry, for the signed-in user only (ACL `loggedIn`), never about anyone else:
 * - `GET wecom:myLink?authenticator=NAME` → `{ linked: true, userid, name, linkedAt, linkedBy }` or `{ linked: false }`
 *   (a binding made under another Corp ID no longer counts);
 * - `POST wecom:unlink` `{ authenticator }` → `{ unlinked, name }`: removes the user's binding of that authenticator.
 * "Link" is the WeCom flow in link mode (`getAuthUrl?mode=link`, link-mode.ts).
 */
export const USER_LINK_ACTIONS = [ACTION_MY_LINK, ACTION_UNLINK];

async function currentBinding(ctx: Context, authenticator: unknown) {
  const userId = await linkingUserId(ctx);
  const { auth, settings } = await wecomAuthenticator(ctx, authenticator);
  const name = auth.record.name;
  const row = await ctx.db.getRepository('usersAuthenticators').findOne({ filter: { authenticator: name, userId } });
  const corpId = row?.get('meta')?.corpId;
  return { userId, name, row, current: Boolean(row) && (!corpId || corpId === settings.config.corpId) };
}

async function answer(ctx: Context, next: Next, work: () => Promise<unknown>) {
  try {
    ctx.body = await work();
  } catch (error) {
    const failure = toSignInError(error);
    const text = translate(ctx, requestLanguage(ctx), failure.messageKey, failure.params);
    ctx.throw(failure.status >= 500 ? failure.status : 400, text, { code: failure.id });
  }
  await next();
}

export async function myLink(ctx: Context, next: Next) {
  await answer(ctx, next, async () => {
    const { row, current } = await currentBinding(ctx, ctx.action.params.authenticator);
    if (!row || !current) {
      return { linked: false };
    }
    const meta = row.get('meta') || {};
    return {
      linked: true,
      userid: meta.userid ?? row.get('uuid'),
      name: row.get('nickname') || meta.userid || row.get('uuid'),
      linkedAt: row.get('createdAt'),
      linkedBy: meta.linkedBy ?? null,
    };
  });
}

export async function unlink(ctx: Context, next: Next) {
  if (ctx.method !== 'POST') {
    ctx.throw(405);
  }
  await answer(ctx, next, async () => {
    const { userId, name, row } = await currentBinding(ctx, ctx.action.params.values?.authenticator);
    if (!row) {
      return { unlinked: false };
    }
    await ctx.db.getRepository('usersAuthenticators').destroy({ filter: { authenticator: name, userId } });
    ctx.logger?.info?.('WeCom member unlinked by the user', { method: 'wecom', authenticator: name, userId });
    return { unlinked: true, name: row.get('nickname') || row.get('meta')?.userid || row.get('uuid') };
  });
}
