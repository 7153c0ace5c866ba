import type { Context } from '@nocobase/actions';
import type { MessageId } from '../../messages';
import { BindingScope, bindMember, boundUserId, isUserBound, type LinkedBy } from '../accounts/bindings';
import { bindLockKey } from '../accounts/users';

/** A member to link deliberately (confirmed after another sign-in, or from the user center): who, how to refuse. */
export interface LinkRequest {
  scope: BindingScope;
  member: { userid: string; name: string };
  userId: number;
  /** The refusal when the member is bound to another user already. */
  taken: MessageId;
  /** How the binding came to be (`meta.linkedBy`). */
  linkedBy: Extract<LinkedBy, 'link' | 'confirmed'>;
}

/**
 * Binds a WeCom member to a user who proved who they are and asked for it (so privileged users too), unless the member is bound
 * to another user, or the user to another member, of the current company. The outcome's message id: `linked`
 * (also when this very binding exists already) or the refusal. Never throws: a link never breaks a sign-in.
 */
export async function linkMemberToUser(ctx: Context, request: LinkRequest): Promise<MessageId> {
  const { scope, member, userId } = request;
  try {
    // The lock of users.ts: a WeCom sign-in (or a sync) of the same member cannot bind it at the same moment.
    return await ctx.app.lockManager.runExclusive(
      bindLockKey(scope.authenticator, member.userid),
      async (): Promise<MessageId> => {
        const bound = await boundUserId(ctx.db, scope, member.userid);
        if (bound !== null) {
          return bound === userId ? 'linked' : request.taken;
        }
        if (await isUserBound(ctx.db, scope, userId)) {
          return 'linkUserHasOther';
        }
        await ctx.db.sequelize.transaction((transaction) =>
          bindMember(ctx.db, scope, userId, { ...member, inClient: false }, transaction, request.linkedBy),
        );
        ctx.logger?.info?.('WeCom member linked to a signed-in user', {
          method: 'wecom',
          linkedBy: request.linkedBy,
          authenticator: scope.authenticator,
          wecomUserid: member.userid,
          userId,
        });
        return 'linked';
      },
      30_000,
    );
  } catch (error) {
    // Another node bound the member (or this user) first: the unique keys refused the duplicate.
    if ((error as { name?: string })?.name === 'SequelizeUniqueConstraintError') {
      return request.taken;
    }
    ctx.logger?.warn?.(`WeCom link failed: ${(error as Error)?.message ?? error}`, { method: 'wecom' });
    return 'failed';
  }
}
