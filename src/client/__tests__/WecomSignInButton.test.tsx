import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import React from 'react';
import type { ApiRequestConfig } from '../shared/api';
import { AUTO_SIGN_IN_TRIED_KEY } from '../shared/auto-sign-in';
import { type PublicAuthenticator, WecomSignInButton } from '../shared/WecomSignInButton';
import { WithI18n } from './setup/i18n';

const WXWORK_UA = 'Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/110 Mobile Safari/537.36 wxwork/4.1.22 MicroMessenger/7.0.1';
const DESKTOP_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120 Safari/537.36';
const AUTH_URL = 'https://open.weixin.qq.com/connect/oauth2/authorize?appid=ww0123456789abcdef&state=s1#wechat_redirect';

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
function renderButton(authenticator: PublicAuthenticator, api = fakeApi(), navigation = fakeNavigation()) {
  const view = render(
    <WithI18n>
      <WecomSignInButton authenticator={authenticator} api={api} navigation={navigation} />
    </WithI18n>,
  );
  return { ...view, api, navigation };
}

const manual: PublicAuthenticator = { name: 'wecom', title: 'WeCom (HQ)', options: { autoSignup: false, autoLogin: false } };
const automatic: PublicAuthenticator = { name: 'wecom', title: 'WeCom (HQ)', options: { autoSignup: false, autoLogin: true } };

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
    setUrl('/signin?authenticator=wecom&error=' + encodeURIComponent('Your WeCom account is disabled.'));
    const { api } = renderButton(automatic);
    await act(async () => undefined);
    expect(api.request).not.toHaveBeenCalled();
    expect(screen.getByText('Your WeCom account is disabled.')).toBeTruthy();
  });
});

describe('callback error in the URL', () => {
  it('is shown under the button of the authenticator it names', () => {
    setUrl('/signin?authenticator=wecom&error=' + encodeURIComponent('This sign-in link is invalid or has expired.'));
    renderButton(manual);
    expect(screen.getByRole('alert').textContent).toContain('This sign-in link is invalid or has expired.');
  });

  it('is not shown under the button of another authenticator', () => {
    setUrl('/signin?authenticator=other&error=Boom');
    renderButton(manual);
    expect(screen.queryByText('Boom')).toBeNull();
  });

  it('is cleared when the user tries again', async () => {
    setUrl('/signin?authenticator=wecom&error=Boom');
    const { navigation } = renderButton(manual);
    fireEvent.click(screen.getByRole('button'));
    await waitFor(() => expect(navigation.assign).toHaveBeenCalled());
    expect(screen.queryByText('Boom')).toBeNull();
  });
});
