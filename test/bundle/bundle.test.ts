/**
 * The built bundles load as NocoBase loads them (AMD, only the page's shared modules as externals)
 * and register the `wecom` auth type. NocoBase's own modules are small fakes here; react, antd,
 * formily and react-i18next are the real ones the page also provides.
 */
import { fireEvent, render, screen } from '@testing-library/react';
import { execFileSync } from 'child_process';
import path from 'path';
import React from 'react';
import { WithI18n } from '../client-setup/i18n';
import { loadAmdBundle } from './load-amd';

const { V1, V2 } = require('../../scripts/build/externals') as { V1: { modules: string[] }; V2: { modules: string[] } };

const ROOT = path.resolve(__dirname, '../..');
const PACKAGE = '@nocobase-wecom/plugin-auth-wecom';

/** What the page provides (written once, in the build's externals), narrowed to the one plugin the bundles use. */
const V1_ALLOWED = [...V1.modules, '@nocobase/plugin-auth', '@nocobase/plugin-auth/client'];
const V2_ALLOWED = [...V2.modules, '@nocobase/plugin-auth', '@nocobase/plugin-auth/client-v2'];

class FakePlugin {
  constructor(
    public options: unknown,
    public app: any,
  ) {}
  async load() {}
}
class FakeAuthClient {
  registerType = jest.fn();
}

/** Stands for NocoBase's API client: every request fails with a server message. */
function fakeApiClient() {
  return {
    axios: { defaults: { baseURL: '/api/' } },
    request: jest.fn(async () => {
      throw Object.assign(new Error('Request failed with status code 400'), {
        response: { status: 400, data: { errors: [{ message: 'Message from the server' }] } },
      });
    }),
  };
}

function fakeApp(auth: FakeAuthClient, AuthClass: unknown, apiClient = fakeApiClient()) {
  return { apiClient, pm: { get: (key: unknown) => (key === AuthClass ? auth : undefined) } };
}

const realModules = {
  react: require('react'),
  'react/jsx-runtime': require('react/jsx-runtime'),
  antd: require('antd'),
  '@ant-design/icons': require('@ant-design/icons'),
  'react-i18next': require('react-i18next'),
  '@formily/react': require('@formily/react'),
  '@formily/antd-v5': require('@formily/antd-v5'),
};

async function clickAndExpectServerMessage(Button: React.ComponentType<any>) {
  render(
    React.createElement(
      WithI18n,
      null,
      React.createElement(Button, { authenticator: { name: 'wecom', title: 'WeCom' } }),
    ),
  );
  fireEvent.click(screen.getByText('WeCom'));
  expect(await screen.findByText('Message from the server')).toBeTruthy();
}

beforeAll(() => {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.js'), 'client', 'client-v2'], {
    cwd: ROOT,
    stdio: 'pipe',
  });
}, 60_000);

describe('dist/client/index.js (v1)', () => {
  const AuthClient = class extends FakeAuthClient {};
  const load = () =>
    loadAmdBundle(path.join(ROOT, 'dist/client/index.js'), {
      ...realModules,
      '@nocobase/client': { Plugin: FakePlugin },
      '@nocobase/plugin-auth/client': { __esModule: true, default: AuthClient, PluginAuthClient: AuthClient },
    });

  it('is an AMD module named after the package, needing only modules the page provides', () => {
    const bundle = load();
    expect(bundle.id).toBe(PACKAGE);
    expect(bundle.deps.filter((dep) => !V1_ALLOWED.includes(dep))).toEqual([]);
    expect(bundle.deps).toEqual(
      expect.arrayContaining(['react', 'antd', '@nocobase/client', '@nocobase/plugin-auth/client']),
    );
  });

  it('default-exports a plugin whose load() registers wecom with SignInButton and AdminSettingsForm', async () => {
    const Plugin = load().exports.default;
    const auth = new AuthClient();
    const app = fakeApp(auth, AuthClient);
    await new Plugin({}, app).load();
    expect(auth.registerType).toHaveBeenCalledTimes(1);
    expect(auth.registerType).toHaveBeenCalledWith('wecom', {
      components: { SignInButton: expect.any(Function), AdminSettingsForm: expect.any(Function) },
    });

    const { SignInButton } = auth.registerType.mock.calls[0][1].components;
    await clickAndExpectServerMessage(SignInButton);
    expect(app.apiClient.request).toHaveBeenCalledWith(
      expect.objectContaining({ url: 'wecom:getAuthUrl', params: { authenticator: 'wecom' } }),
    );
  });

  it('completes a hand-off in afterAdd()', async () => {
    await expectHandoffInAfterAdd(load().exports.default);
  });

  it('registers the notification channel when the manager is there, loading its forms through the page', async () => {
    const bundle = load();
    await expectNotifyChannel(bundle.exports.default, bundle.deps);
  });

  it('finds the auth plugin by package name when the class lookup fails', async () => {
    const Plugin = load().exports.default;
    const auth = new AuthClient();
    const app = {
      apiClient: fakeApiClient(),
      pm: { get: (key: unknown) => (key === '@nocobase/plugin-auth' ? auth : undefined) },
    };
    await new Plugin({}, app).load();
    expect(auth.registerType).toHaveBeenCalledWith('wecom', expect.anything());
  });
});

/** An API client whose `wecom:handoff` answers a token, with NocoBase's `auth` setters. */
function handoffApiClient() {
  return {
    axios: { defaults: { baseURL: '/api/' } },
    request: jest.fn(async (_config: any) => ({ data: { data: { token: 'jwt-from-bundle' } } })),
    auth: { setToken: jest.fn(), setAuthenticator: jest.fn() },
  };
}

async function expectHandoffInAfterAdd(Plugin: any) {
  window.history.replaceState({}, '', '/admin?authenticator=wecom&handoff=c0de');
  const apiClient = handoffApiClient();
  await new Plugin({}, { apiClient, pm: { get: () => undefined } }).afterAdd();
  expect(apiClient.request).toHaveBeenCalledWith(
    expect.objectContaining({ url: 'wecom:handoff', method: 'post', data: { code: 'c0de' } }),
  );
  expect(apiClient.auth.setToken).toHaveBeenCalledWith('jwt-from-bundle');
  expect(apiClient.auth.setAuthenticator).toHaveBeenCalledWith('wecom');
  expect(window.location.search).toBe('');
}

/**
 * With the notification manager there, load() registers the wecom channel; its message form comes from the page's
 * requirejs (the workflow's and the manager's v2 modules), never from a dependency of the bundle.
 */
async function expectNotifyChannel(Plugin: any, deps: string[]) {
  const manager = { registerChannelType: jest.fn() };
  const asked: string[] = [];
  const requirejs = (ids: string[], _ok: unknown, fail: (error: Error) => void) => {
    asked.push(...ids);
    fail(new Error('not here'));
  };
  const app = {
    apiClient: fakeApiClient(),
    pm: { get: (key: unknown) => (key === 'notification-manager' ? manager : undefined) },
    requirejs: { requirejs },
  };
  await new Plugin({}, app).load();
  expect(manager.registerChannelType).toHaveBeenCalledWith(expect.objectContaining({ type: 'wecom' }));
  const { MessageConfigFormLoader } = manager.registerChannelType.mock.calls[0][0].components;
  expect((await MessageConfigFormLoader()).default).toEqual(expect.any(Function));
  expect(asked.sort()).toEqual([
    '@nocobase/plugin-notification-manager/client-v2',
    '@nocobase/plugin-workflow/client-v2',
  ]);
  expect(deps.filter((dep) => /notification|workflow/.test(dep))).toEqual([]);
}

describe('dist/client-v2/index.js (v2)', () => {
  const AuthClientV2 = class extends FakeAuthClient {};
  const load = () =>
    loadAmdBundle(path.join(ROOT, 'dist/client-v2/index.js'), {
      ...realModules,
      '@nocobase/client-v2': { Plugin: FakePlugin },
      '@nocobase/plugin-auth/client-v2': { __esModule: true, default: AuthClientV2, PluginAuthClientV2: AuthClientV2 },
    });

  it('is an AMD module named <package>/client-v2, needing only modules the v2 page provides', () => {
    const bundle = load();
    expect(bundle.id).toBe(`${PACKAGE}/client-v2`);
    expect(bundle.deps.filter((dep) => !V2_ALLOWED.includes(dep))).toEqual([]);
    expect(bundle.deps).not.toContain('@nocobase/client');
  });

  it('default-exports a plugin whose load() registers wecom with a button loader and a settings form loader', async () => {
    const Plugin = load().exports.default;
    const auth = new AuthClientV2();
    const app = fakeApp(auth, AuthClientV2);
    await new Plugin({}, app).load();
    expect(auth.registerType).toHaveBeenCalledWith('wecom', {
      signInButtonLoader: expect.any(Function),
      adminSettingsFormLoader: expect.any(Function),
    });

    const options = auth.registerType.mock.calls[0][1];
    const { default: SignInButton } = await options.signInButtonLoader();
    const { default: SettingsForm } = await options.adminSettingsFormLoader();
    expect(SettingsForm).toEqual(expect.any(Function));
    await clickAndExpectServerMessage(SignInButton);
    expect(app.apiClient.request).toHaveBeenCalledWith(expect.objectContaining({ url: 'wecom:getAuthUrl' }));
  });

  it('completes a hand-off in afterAdd()', async () => {
    await expectHandoffInAfterAdd(load().exports.default);
  });

  it('registers the notification channel when the manager is there, loading its forms through the page', async () => {
    const bundle = load();
    await expectNotifyChannel(bundle.exports.default, bundle.deps);
  });
});
