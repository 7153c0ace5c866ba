/** The hand-off on the landing page, with NocoBase's real API client (see setup/real-api-client.ts). */
import { APIClient } from '@nocobase/sdk';
import { render, screen, waitFor } from '@testing-library/react';
import React from 'react';
import { MSG } from '../../../messages';
import { completeHandoff, type HandoffAppLike } from '../handoff';
import { WecomSignInButton } from '../WecomSignInButton';
import { WithI18n } from '../../../../test/client-setup/i18n';
import { type Answer, answerError, answerToken, realApiClient } from '../../../../test/client-setup/real-api-client';

const ok = answerToken;
const refused = answerError;

function appWith(apiClient: APIClient, basename?: string): HandoffAppLike {
  return { apiClient: apiClient as any, router: { getBasename: () => basename }, getPublicPath: () => '/' };
}
function setUrl(pathAndQuery: string) {
  window.history.replaceState({}, '', pathAndQuery);
}
const here = () => `${window.location.pathname}${window.location.search}${window.location.hash}`;

beforeEach(() => {
  window.localStorage.clear();
  setUrl('/');
});

describe('a landing URL with a hand-off code', () => {
  it('posts the code, and stores the token and the authenticator where NocoBase reads them', async () => {
    setUrl('/admin/orders?tab=2&authenticator=wecom&handoff=c0de#details');
    const { apiClient, sent } = realApiClient(ok());
    await expect(completeHandoff(appWith(apiClient, '/'))).resolves.toEqual({
      kind: 'signed-in',
      authenticator: 'wecom',
    });

    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ method: 'post', url: 'wecom:handoff', data: { code: 'c0de' } });
    expect(window.localStorage.getItem('NOCOBASE_TOKEN')).toBe('jwt.of.the.member');
    expect(window.localStorage.getItem('NOCOBASE_AUTH')).toBe('wecom');

    // What the page's next API client (e.g. after a reload) reads and sends, as NocoBase's auth:check would.
    const { apiClient: next, sent: nextSent } = realApiClient(ok());
    expect(next.auth.token).toBe('jwt.of.the.member');
    expect(next.auth.authenticator).toBe('wecom');
    await next.request({ url: 'auth:check' });
    expect(nextSent[0].headers).toMatchObject({
      Authorization: 'Bearer jwt.of.the.member',
      'X-Authenticator': 'wecom',
    });
  });

  it("keeps a sub-app's token under the sub-app's keys", async () => {
    setUrl('/apps/a/admin?authenticator=wecom&handoff=c0de');
    const { apiClient } = realApiClient(ok('jwt-a'), { appName: 'a' });
    await completeHandoff(appWith(apiClient, '/apps/a/'));
    expect(window.localStorage.getItem('NOCOBASE_A_TOKEN')).toBe('jwt-a');
    expect(window.localStorage.getItem('NOCOBASE_A_AUTH')).toBe('wecom');
    expect(window.localStorage.getItem('NOCOBASE_TOKEN')).toBeNull();
  });

  it('announces the new token with its authenticator (the app passes it on to its WebSocket)', async () => {
    setUrl('/admin?authenticator=wecom-hq&handoff=c0de');
    const { apiClient, events } = realApiClient(ok());
    await completeHandoff(appWith(apiClient));
    expect(events.map((event) => event.detail)).toEqual([{ token: 'jwt.of.the.member', authenticator: 'wecom-hq' }]);
  });

  it('takes handoff and authenticator out of the address bar and keeps the rest', async () => {
    setUrl('/nocobase/v/admin/x?a=1&authenticator=wecom&b=2&handoff=c0de#h');
    const { apiClient } = realApiClient(ok());
    await completeHandoff(appWith(apiClient, '/nocobase/v/'));
    expect(here()).toBe('/nocobase/v/admin/x?a=1&b=2#h');

    setUrl('/admin?authenticator=wecom&handoff=c0de');
    await completeHandoff(appWith(realApiClient(ok()).apiClient));
    expect(here()).toBe('/admin');
  });

  it('has the address bar clean while the exchange is still under way', async () => {
    setUrl('/admin?authenticator=wecom&handoff=c0de');
    let answer!: (value: Answer) => void;
    const { apiClient } = realApiClient(() => new Promise<Answer>((resolve) => (answer = resolve)));
    const done = completeHandoff(appWith(apiClient));
    await waitFor(() => expect(answer).toBeDefined()); // the exchange has reached the server
    expect(here()).toBe('/admin');
    expect(window.localStorage.getItem('NOCOBASE_TOKEN')).toBeNull();
    answer({ status: 200, data: { data: { token: 'late' } } });
    await done;
    expect(window.localStorage.getItem('NOCOBASE_TOKEN')).toBe('late');
  });

  it('does nothing without both handoff and authenticator', async () => {
    for (const url of [
      '/admin',
      '/admin?handoff=c0de',
      '/signin?authenticator=wecom&error=badState',
      '/admin?token=jwt',
    ]) {
      setUrl(url);
      const { apiClient, sent } = realApiClient(ok());
      await expect(completeHandoff(appWith(apiClient))).resolves.toEqual({ kind: 'none' });
      expect(sent).toEqual([]);
      expect(here()).toBe(url);
    }
    expect(window.localStorage.length).toBe(0);
  });
});

describe('a hand-off code the server does not exchange', () => {
  it("goes to the sign-in page of the same shell with the server's message id, storing nothing", async () => {
    const cases: [string, string, string][] = [
      ['/admin?authenticator=wecom&handoff=c0de', '/', '/signin?authenticator=wecom&error=handoffInvalid'],
      [
        '/nocobase/admin/1?authenticator=wecom&handoff=c0de',
        '/nocobase/',
        '/nocobase/signin?authenticator=wecom&error=handoffInvalid',
      ],
      [
        '/apps/a/admin?authenticator=wecom&handoff=c0de',
        '/apps/a/',
        '/apps/a/signin?authenticator=wecom&error=handoffInvalid',
      ],
      ['/v/admin?authenticator=wecom&handoff=c0de', '/v', '/v/signin?authenticator=wecom&error=handoffInvalid'],
      [
        '/nocobase/v/apps/a/admin?authenticator=wecom&handoff=c0de',
        '/nocobase/v/apps/a/',
        '/nocobase/v/apps/a/signin?authenticator=wecom&error=handoffInvalid',
      ],
    ];
    for (const [landing, basename, signIn] of cases) {
      setUrl(landing);
      const { apiClient } = realApiClient(refused('handoffInvalid'));
      await expect(completeHandoff(appWith(apiClient, basename))).resolves.toEqual({
        kind: 'failed',
        authenticator: 'wecom',
        error: 'handoffInvalid',
      });
      expect(here()).toBe(signIn);
    }
    expect(window.localStorage.getItem('NOCOBASE_TOKEN')).toBeNull();
  });

  it('passes on another id of ours, and says handoffInvalid for anything else', async () => {
    const cases: [() => Answer, string][] = [
      [refused('badState'), 'badState'],
      [refused('INVALID_TOKEN'), 'handoffInvalid'],
      [refused('Call +86 138 0000 0000'), 'handoffInvalid'],
      [() => ({ status: 500, data: 'Internal Server Error' }), 'handoffInvalid'],
      [() => new Error('Network Error'), 'handoffInvalid'],
      [() => ({ status: 200, data: { data: {} } }), 'handoffInvalid'], // no token in the answer
    ];
    for (const [answer, error] of cases) {
      setUrl('/admin?authenticator=wecom&handoff=c0de');
      const { apiClient } = realApiClient(answer);
      await completeHandoff(appWith(apiClient, '/'));
      expect(here()).toBe(`/signin?authenticator=wecom&error=${error}`);
    }
    expect(window.localStorage.getItem('NOCOBASE_TOKEN')).toBeNull();
  });

  it('leaves the sign-in page showing why', async () => {
    setUrl('/admin?authenticator=wecom&handoff=c0de');
    const { apiClient } = realApiClient(refused('handoffInvalid'));
    await completeHandoff(appWith(apiClient, '/'));
    render(
      <WithI18n>
        <WecomSignInButton authenticator={{ name: 'wecom' }} api={apiClient as any} />
      </WithI18n>,
    );
    expect(screen.getByRole('alert').textContent).toBe(MSG.handoffInvalid);
  });
});
