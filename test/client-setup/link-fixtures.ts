/**
 * The server of a pending link, faked as it answers (the client tests of the sign-in page and of both plugins share
 * it): the sign-in page's `wecom:pendingLink`, a password sign-in whose answer asks for the confirmation, the
 * confirmation naming both sides, and its "Link to my account" / "Not me".
 */
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { type Answer, realApiClient } from './real-api-client';

export const LINK_ID = 'a1'.repeat(16);
export const SIGN_IN_TOKEN = 'jwt.of.alice';

export interface LinkServerOptions {
  privileged?: boolean;
  /** The answer of `wecom:confirmLink` (linked by default). */
  confirm?: Answer;
  /** The headers of the sign-in's answer (by default: "confirm", for 张三). */
  signInHeaders?: Record<string, string>;
}

export function linkServer(options: LinkServerOptions = {}) {
  const ok = (data: unknown): Answer => ({ status: 200, data: { data } });
  return realApiClient(() => ok({}), {
    answers: {
      'wecom:pendingLink': () => ok({ pending: true, authenticator: 'wecom', name: '张三', id: LINK_ID }),
      'auth:signIn': () => ({
        status: 200,
        data: { data: { token: SIGN_IN_TOKEN, user: { id: 7 } } },
        headers: options.signInHeaders ?? {
          'x-wecom-link': 'confirm',
          'x-wecom-link-name': encodeURIComponent('张三'),
        },
      }),
      'wecom:linkConfirmation': () =>
        ok({
          pending: true,
          id: LINK_ID,
          authenticator: 'wecom',
          member: { userid: 'zhangsan', name: '张三' },
          account: { nickname: 'Alice Liu', username: 'alice' },
          privileged: options.privileged ?? false,
          expiresAt: Date.now() + 60_000,
        }),
      'wecom:confirmLink': () => options.confirm ?? ok({ linked: true, userid: 'zhangsan', name: '张三' }),
      'wecom:cancelLink': () => ok({ cancelled: true }),
    },
  });
}

/** Signs in with a password through NocoBase's own client, as the sign-in form does. */
export const passwordSignIn = (apiClient: {
  auth: { signIn(values: object, authenticator: string): Promise<unknown> };
}) => apiClient.auth.signIn({ account: 'alice', password: 'secret' }, 'basic');

/** The confirmation dialog, once it shows what it asks (antd's dialog opens with an animation: a slow machine). */
export const confirmationDialog = () => screen.findByTestId('wecom-link-confirmation', {}, { timeout: 5000 });

/** The confirmation names both sides; `button` is clicked ("Link to my account", "Not me" or their translations). */
export async function answerConfirmation(texts: { member: RegExp; account: RegExp; button: string }) {
  const dialog = await confirmationDialog();
  expect(dialog.textContent).toMatch(texts.member);
  expect(dialog.textContent).toMatch(texts.account);
  fireEvent.click(screen.getByRole('button', { name: texts.button }));
  await waitFor(() => expect(screen.queryByTestId('wecom-link-confirmation')).toBeNull());
}
