import { apiBasePathOf, fetchAuthUrl, serverMessageIdOf, serverMessageOf, subAppNameOf } from '../api';

describe('fetchAuthUrl', () => {
  it('asks wecom:getAuthUrl for the authenticator and redirect, without the global error notification', async () => {
    const request = jest.fn().mockResolvedValue({ data: { data: { url: 'https://open.weixin.qq.com/x' } } });
    await expect(fetchAuthUrl({ request }, 'wecom', '/admin/1')).resolves.toBe('https://open.weixin.qq.com/x');
    expect(request).toHaveBeenCalledWith({
      url: 'wecom:getAuthUrl',
      method: 'get',
      params: { authenticator: 'wecom', redirect: '/admin/1' },
      skipNotify: true,
    });
  });

  it('leaves redirect out when the page has none', async () => {
    const request = jest.fn().mockResolvedValue({ data: { data: { url: 'https://open.weixin.qq.com/x' } } });
    await fetchAuthUrl({ request }, 'wecom', null);
    expect(request.mock.calls[0][0].params).toEqual({ authenticator: 'wecom' });
  });

  it('refuses an answer without an http(s) URL', async () => {
    for (const data of [{}, { data: {} }, { data: { url: 'javascript:alert(1)' } }]) {
      const request = jest.fn().mockResolvedValue({ data });
      await expect(fetchAuthUrl({ request }, 'wecom')).rejects.toThrow();
    }
  });
});

describe('serverMessageOf', () => {
  it("reads NocoBase's error body, else nothing", () => {
    expect(serverMessageOf({ response: { data: { errors: [{ message: 'No such authenticator' }] } } })).toBe(
      'No such authenticator',
    );
    expect(serverMessageOf({ response: { data: { error: { message: 'Boom' } } } })).toBe('Boom');
    expect(serverMessageOf(new Error('Network Error'))).toBeUndefined();
    expect(serverMessageOf(undefined)).toBeUndefined();
  });
});

describe('apiBasePathOf', () => {
  it("takes the path of the API client's base URL", () => {
    expect(apiBasePathOf(undefined)).toBe('/api/');
    expect(apiBasePathOf({ request: jest.fn(), axios: { defaults: { baseURL: '/api/' } } })).toBe('/api/');
    expect(
      apiBasePathOf({ request: jest.fn(), axios: { defaults: { baseURL: 'https://nb.example.com/nb/api' } } }),
    ).toBe('/nb/api/');
  });
});

describe('serverMessageIdOf', () => {
  it('reads the id of one of our messages, else nothing', () => {
    expect(serverMessageIdOf({ response: { data: { errors: [{ message: 'x', code: 'handoffInvalid' }] } } })).toBe(
      'handoffInvalid',
    );
    expect(
      serverMessageIdOf({ response: { data: { errors: [{ message: 'x', code: 'INVALID_TOKEN' }] } } }),
    ).toBeUndefined();
    expect(serverMessageIdOf({ response: { data: { errors: [{ message: 'x', code: 'toString' }] } } })).toBeUndefined();
    expect(serverMessageIdOf(new Error('Network Error'))).toBeUndefined();
  });
});

describe('subAppNameOf', () => {
  it("is the API client's app name in a sub-app, nothing in the main app", () => {
    expect(subAppNameOf({ request: jest.fn(), appName: 'a' })).toBe('a');
    expect(subAppNameOf({ request: jest.fn() })).toBeUndefined();
    expect(subAppNameOf({ request: jest.fn(), appName: 'main' })).toBeUndefined();
    expect(subAppNameOf(undefined)).toBeUndefined();
  });
});
