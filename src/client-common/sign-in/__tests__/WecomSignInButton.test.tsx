import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import React from 'react';
import { MSG } from '../../../messages';
import enUS from '../../../locale/en-US.json';
import zhCN from '../../../locale/zh-CN.json';
import type { ApiRequestConfig } from '../../api';
import { AUTO_SIGN_IN_TRIED_KEY } from '../auto-sign-in';
import { type PublicAuthenticator, WecomSignInButton } from '../WecomSignInButton';
import { type TestLanguage, WithI18n } from '../../../../test/client-setup/i18n';

const WXWORK_UA =
  'Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/110 Mobile Safari/537.36 wxwork/4.1.22 MicroMessenger/7.0.1';
const DESKTOP_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120 Safari/537.36';
const AUTH_URL =
  'https://open.weixin.qq.com/connect/oauth2/authorize?appid=ww0123456789abcdef&state=s1#wechat_redirect';

/** Stands for NocoBase's HTTP client: answers wecom:getAuthUrl like the server does. */
function fakeApi(answer: () => Promise<any> = async () => ({ data: { data: { url: AUTH_URL } } })) {
  return { request: jest.fn((_config: ApiRequestConfig) => answer()) };
}
function fakeNavigation() {
  return { assign: jest.fn(), replace: jest.fn() };
}
function setUserAgent(value: string) {
  Object.defineProperty(window.navigator, 'userAgent', { value, configurable: true });
}
function setUrl(pathAndQuery: string) {
  window.history.replaceState({}, '', pathAndQuery);
}
function renderButton(
  authenticator: PublicAuthenticator,
  api = fakeApi(),
  navigation = fakeNavigation(),
  extra: { lng?: TestLanguage; defaultRedirect?: string } = {},
) {
  const view = render(
    <WithI18n lng={extra.lng}>
      <WecomSignInButton
        authenticator={authenticator}
        api={api}
        navigation={navigation}
        defaultRedirect={extra.defaultRedirect}
      />
    </WithI18n>,
  );
  return { ...view, api, navigation };
}
/** The text of the error shown above the button, or null. */
function shownError(): string | null {
  return screen.queryByRole('alert')?.textContent ?? null;
}

const manual: PublicAuthenticator = {
  name: 'wecom',
  title: 'WeCom (HQ)',
  options: { autoSignup: false, autoLogin: false },
};
const automatic: PublicAuthenticator = {
  name: 'wecom',
  title: 'WeCom (HQ)',
  options: { autoSignup: false, autoLogin: true },
};

beforeEach(() => {
  window.sessionStorage.clear();
  setUserAgent(DESKTOP_UA);
  setUrl('/signin');
});

describe('clicking the button', () => {
  it('asks the server for the URL with the authenticator and the page redirect, then goes there', async () => {
    setUrl('/signin?redirect=%2Fadmin%2Forders');
    const { api, navigation } = renderButton(manual);
    fireEvent.click(screen.getByRole('button', { name: /WeCom \(HQ\)/ }));
    await waitFor(() => expect(navigation.assign).toHaveBeenCalledWith(AUTH_URL));
    expect(api.request).toHaveBeenCalledTimes(1);
    expect(api.request.mock.calls[0][0]).toMatchObject({
      url: 'wecom:getAuthUrl',
      params: { authenticator: 'wecom', redirect: '/admin/orders' },
    });
    expect(navigation.replace).not.toHaveBeenCalled();
  });

  it('is labelled "Sign in with WeCom" when the authenticator has no title', () => {
    renderButton({ name: 'wecom' });
    expect(screen.getByRole('button', { name: /Sign in with WeCom/ })).toBeTruthy();
  });

  it("shows the server's error as a message and stays on the page", async () => {
    const api = fakeApi(async () => {
      throw Object.assign(new Error('Request failed with status code 404'), {
        response: { status: 404, data: { errors: [{ message: 'No enabled WeCom sign-in method is named "wecom".' }] } },
      });
    });
    const { navigation } = renderButton(manual, api);
    fireEvent.click(screen.getByRole('button'));
    expect(await screen.findByText('No enabled WeCom sign-in method is named "wecom".')).toBeTruthy();
    expect(navigation.assign).not.toHaveBeenCalled();
  });

  it('shows a general message when the request fails without a server message', async () => {
    const api = fakeApi(async () => {
      throw new Error('Network Error');
    });
    renderButton(manual, api);
    fireEvent.click(screen.getByRole('button'));
    expect(await screen.findByText('WeCom sign-in failed. Please try again.')).toBeTruthy();
  });
});

describe('auto sign-in', () => {
  it('starts by itself once in the WeCom browser, replacing the sign-in page', async () => {
    setUserAgent(WXWORK_UA);
    const first = renderButton(automatic);
    await waitFor(() => expect(first.navigation.replace).toHaveBeenCalledWith(AUTH_URL));
    expect(first.api.request).toHaveBeenCalledTimes(1);
    expect(window.sessionStorage.getItem(AUTO_SIGN_IN_TRIED_KEY)).toBeTruthy();
    first.unmount();

    // Back on the sign-in page in the same tab (e.g. the attempt failed): no second start.
    const second = renderButton(automatic);
    await act(async () => undefined);
    expect(second.api.request).not.toHaveBeenCalled();
  });

  it('starts only one flow when several WeCom buttons are on the page', async () => {
    setUserAgent(WXWORK_UA);
    const api = fakeApi();
    const navigation = fakeNavigation();
    render(
      <WithI18n>
        <WecomSignInButton authenticator={automatic} api={api} navigation={navigation} />
        <WecomSignInButton authenticator={{ ...automatic, name: 'wecom-2' }} api={api} navigation={navigation} />
      </WithI18n>,
    );
    await waitFor(() => expect(navigation.replace).toHaveBeenCalledTimes(1));
    expect(api.request).toHaveBeenCalledTimes(1);
  });

  it('never starts outside the WeCom browser', async () => {
    const { api } = renderButton(automatic);
    await act(async () => undefined);
    expect(api.request).not.toHaveBeenCalled();
  });

  it('never starts when autoLogin is off', async () => {
    setUserAgent(WXWORK_UA);
    const { api } = renderButton(manual);
    await act(async () => undefined);
    expect(api.request).not.toHaveBeenCalled();
  });

  it('never starts when the URL carries an error, and shows that error', async () => {
    setUserAgent(WXWORK_UA);
    setUrl('/signin?authenticator=wecom&error=inactive');
    const { api } = renderButton(automatic);
    await act(async () => undefined);
    expect(api.request).not.toHaveBeenCalled();
    expect(shownError()).toBe(MSG.inactive);
  });
});

describe('callback error in the URL (a message id, never text)', () => {
  it('shows the message of the id under the button of the authenticator it names', () => {
    setUrl('/signin?authenticator=wecom&error=badState');
    renderButton(manual);
    expect(shownError()).toBe(MSG.badState);
  });

  it("shows it in the page's language, from the plugin's own locale files", () => {
    setUrl('/signin?authenticator=wecom&error=handoffInvalid');
    renderButton(manual, fakeApi(), fakeNavigation(), { lng: 'zh-CN' });
    expect(shownError()).toBe((zhCN as Record<string, string>)[MSG.handoffInvalid]);
    expect(shownError()).not.toBe(MSG.handoffInvalid);
  });

  it('fills in a parameter whose value has the allowed shape', () => {
    setUrl('/signin?authenticator=wecom&error=ipNotAllowed&error_ip=203.0.113.5');
    renderButton(manual);
    expect(shownError()).toBe(
      'WeCom refused the call from IP 203.0.113.5. Add this IP to the trusted IPs of the WeCom app.',
    );
  });

  it('shows "?" for a parameter of the wrong shape, or a missing one, never its value', () => {
    const bad = 'Call +86 138 0000 0000';
    setUrl(`/signin?authenticator=wecom&error=ipNotAllowed&error_ip=${encodeURIComponent(bad)}`);
    const first = renderButton(manual);
    expect(shownError()).toBe('WeCom refused the call from IP ?. Add this IP to the trusted IPs of the WeCom app.');
    expect(document.body.textContent).not.toContain('+86');
    first.unmount();

    setUrl('/signin?authenticator=wecom&error=timeout&error_host=example.com'); // not the message's own parameter
    renderButton(manual);
    expect(shownError()).toBe('WeCom did not answer within ? seconds. Please try again.');
  });

  it('shows the generic failure, and none of the text, for free text in `error`', () => {
    const text = 'Call +86 138 0000 0000 to restore your account';
    setUrl(`/signin?authenticator=wecom&error=${encodeURIComponent(text)}`);
    renderButton(manual);
    expect(shownError()).toBe(MSG.failed);
    expect(document.body.textContent).not.toContain('+86');
    expect(document.body.textContent).not.toContain('restore');
  });

  it.each(['toString', '__proto__', 'constructor', 'hasOwnProperty', 'nope'])(
    'shows the generic failure for the unknown id %s',
    (id) => {
      setUrl(`/signin?authenticator=wecom&error=${id}`);
      renderButton(manual);
      expect(shownError()).toBe(MSG.failed);
    },
  );

  it('translates the field labels of notSetUp', () => {
    setUrl(`/signin?authenticator=wecom&error=notSetUp&error_fields=${encodeURIComponent('Corp ID, Secret')}`);
    renderButton(manual, fakeApi(), fakeNavigation(), { lng: 'zh-CN' });
    const zh = zhCN as Record<string, string>;
    const fields = `${zh['Corp ID']}, ${zh.Secret}`;
    expect(shownError()).toBe(zh[MSG.notSetUp].replace('{{fields}}', fields));
    expect((enUS as Record<string, string>)[MSG.notSetUp]).toBe(MSG.notSetUp);
  });

  it('shows "?" for notSetUp fields that are not the known labels', () => {
    setUrl(`/signin?authenticator=wecom&error=notSetUp&error_fields=${encodeURIComponent('Corp ID, Call +86 138')}`);
    renderButton(manual);
    expect(shownError()).toBe(MSG.notSetUp.replace('{{fields}}', '?'));
  });

  it('is not shown under the button of another authenticator', () => {
    setUrl('/signin?authenticator=other&error=badState');
    renderButton(manual);
    expect(shownError()).toBeNull();
  });

  it('is cleared when the user tries again', async () => {
    setUrl('/signin?authenticator=wecom&error=badState');
    const { navigation } = renderButton(manual);
    expect(shownError()).toBe(MSG.badState);
    fireEvent.click(screen.getByRole('button'));
    await waitFor(() => expect(navigation.assign).toHaveBeenCalled());
    expect(shownError()).toBeNull();
  });
});

describe('the page to return to', () => {
  it('is the default (the v2 admin root) when the sign-in page has no redirect', async () => {
    const { api, navigation } = renderButton(manual, fakeApi(), fakeNavigation(), {
      defaultRedirect: '/nocobase/v/admin',
    });
    fireEvent.click(screen.getByRole('button'));
    await waitFor(() => expect(navigation.assign).toHaveBeenCalledWith(AUTH_URL));
    expect(api.request.mock.calls[0][0].params).toEqual({ authenticator: 'wecom', redirect: '/nocobase/v/admin' });
  });

  it("is the sign-in page's own redirect when it has one", async () => {
    setUrl('/v/signin?redirect=%2Fv%2Fadmin%2Fabc');
    const { api, navigation } = renderButton(manual, fakeApi(), fakeNavigation(), { defaultRedirect: '/v/admin' });
    fireEvent.click(screen.getByRole('button'));
    await waitFor(() => expect(navigation.assign).toHaveBeenCalled());
    expect(api.request.mock.calls[0][0].params).toEqual({ authenticator: 'wecom', redirect: '/v/admin/abc' });
  });
});
