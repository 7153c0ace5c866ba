/** The server of the user center's WeCom entry, faked as it answers (v1 and v2 tests share it). */
import { fireEvent, screen, waitFor } from '@testing-library/react';
import type { ApiRequestConfig } from '../../src/client-common/api';

/** When the fake binding was made, and how: a pending link its owner confirmed after signing in. */
export const LINKED_AT = '2026-05-04T03:02:01.000Z';

export const LINK_URL = 'https://login.work.weixin.qq.com/wwlogin/sso/login?appid=ww0123456789abcdef&state=s2';

/** The user's binding starts as `linked`; unlink and getAuthUrl answer as the server does. */
export function fakeUserCenterApi(
  linked: boolean,
  authenticators = [{ name: 'wecom', authType: 'wecom', title: 'WeCom (HQ)' }],
) {
  let current = linked;
  return {
    request: jest.fn(async (config: ApiRequestConfig) => {
      switch (config.url) {
        case 'authenticators:publicList':
          return { data: { data: [{ name: 'basic', authType: 'Email/Password' }, ...authenticators] } };
        case 'wecom:myLink':
          return {
            data: {
              data: current
                ? { linked: true, userid: 'wangwu', name: '王五', linkedAt: LINKED_AT, linkedBy: 'confirmed' }
                : { linked: false },
            },
          };
        case 'wecom:unlink':
          current = false;
          return { data: { data: { unlinked: true, name: '王五' } } };
        case 'wecom:getAuthUrl':
          return { data: { data: { url: LINK_URL } } };
        default:
          throw new Error(`unexpected ${config.url}`);
      }
    }),
  };
}

/**
 * The panel shows the link, and when and how it was made; "Unlink" asks first, unlinks only after the
 * confirmation, then says so.
 */
export async function unlinkAfterConfirmation(api: ReturnType<typeof fakeUserCenterApi>) {
  expect(await screen.findByText('Linked to WeCom (王五)')).toBeTruthy();
  expect(screen.getByTestId('wecom-linked-how').textContent).toBe(
    `Linked on ${new Date(LINKED_AT).toLocaleString()} (Confirmed by the user after signing in)`,
  );
  fireEvent.click(screen.getByRole('button', { name: 'Unlink' }));
  expect(await screen.findByText('Unlink WeCom from your account?')).toBeTruthy();
  expect(api.request).not.toHaveBeenCalledWith(expect.objectContaining({ url: 'wecom:unlink' }));
  const buttons = screen.getAllByRole('button', { name: 'Unlink' });
  fireEvent.click(buttons[buttons.length - 1]);
  await waitFor(() => expect(screen.getByText('Not linked to WeCom')).toBeTruthy());
  expect(api.request).toHaveBeenCalledWith(
    expect.objectContaining({ url: 'wecom:unlink', method: 'post', data: { authenticator: 'wecom' } }),
  );
  expect(screen.getByRole('alert').textContent).toBe('WeCom (王五) is no longer linked to your account.');
}
