import { randomHex, seal } from '../../web/seal';
import { CORP_ID, member, Site } from '../../__tests__/harness';
import { type LinkingKit, startLinkingSite } from './link-helpers';

/**
 * The pending link's cookie: only what the server sealed for it counts (its armed state too), for 10 minutes, in
 * this app, and on https only under the `__Host-` name (linking.test.ts has the flows around it).
 */
describe('the pending-link cookie', () => {
  let site: Site;
  let name: string;
  let kit: LinkingKit;

  beforeAll(async () => {
    ({ site, name, kit } = await startLinkingSite());
  });
  afterAll(() => site?.close());

  it('ignores a cookie the server did not seal for a pending link', async () => {
    const browser = site.browser();
    const flowCookie = ((await browser.getAuthUrl({ authenticator: name })).headers['set-cookie'] as string[])[0];
    const sealedForAFlow = flowCookie.split(';')[0].split('=')[1];
    const user = await kit.passwordUser();
    for (const value of [sealedForAFlow, 'x'.repeat(60), '']) {
      const res = await site
        .browser()
        .agent.post('/auth:signIn')
        .set('X-Authenticator', 'basic')
        .set('X-Wecom-Link-Prompt', 'a'.repeat(32))
        .set('Cookie', `wecom_link=${value}`)
        .send({ account: user.username, password: user.password });
      expect([value, res.status, res.headers['x-wecom-link']]).toEqual([value, 200, undefined]);
      const read = await site
        .browser()
        .agent.get(`/wecom:pendingLink?authenticator=${name}`)
        .set('Cookie', `wecom_link=${value}`);
      expect(read.body.data).toEqual({ pending: false });
    }
    expect(await kit.links().count({ filter: { authenticator: name, userId: user.id } })).toBe(0);
  });

  it('counts only what the server sealed as a pending link: the same content sealed for a flow, nothing', async () => {
    const content = { app: site.app.name, authenticator: name, userid: 'forged', name: 'Forged', corpId: CORP_ID };
    const id = randomHex(16);
    const link = (purpose: 'flow' | 'link', extra: object = {}) =>
      seal(purpose, { ...content, id, expiresAt: Date.now() + 60_000, https: false, ...extra });
    const user = await kit.passwordUser();
    const signIn = (cookie: string) =>
      site.app
        .agent()
        .post('/auth:signIn')
        .set('X-Authenticator', 'basic')
        .set('X-Wecom-Link-Prompt', id)
        .set('Cookie', `wecom_link=${cookie}`)
        .send({ account: user.username, password: user.password });
    expect((await signIn(link('flow'))).headers['x-wecom-link']).toBeUndefined();
    // Sealed for another app (a sub-app of the same supervisor shares APP_KEY): not this app's.
    expect((await signIn(link('link', { app: 'other' }))).headers['x-wecom-link']).toBeUndefined();
    // The control: sealed for its purpose, the same content is a pending link, armed and then confirmed.
    const armed = await signIn(link('link'));
    expect(armed.headers['x-wecom-link']).toBe('confirm');
    const cookie = (armed.headers['set-cookie'] as unknown as string[]).find((line) => line.startsWith('wecom_link='))!;
    const confirm = (value: string) =>
      site.app.agent().post('/wecom:confirmLink').set(kit.sessionOf(armed)).set('Cookie', value).send({ id });
    // The armed state lives in the sealed cookie: the same session with the cookie it had before arming, nothing.
    expect((await confirm(`wecom_link=${link('link')}`)).body.errors[0].code).toBe('linkNotYours');
    expect((await confirm(`wecom_link=${link('flow', { armed: { userId: user.id, signInTime: 1 } })}`)).status).toBe(
      400,
    );
    expect(await kit.binding('forged')).toBeNull();
    expect((await confirm(cookie.split(';')[0])).status).toBe(200);
    expect((await kit.binding('forged')).get('userId')).toBe(user.id);
  });

  it('expires after 10 minutes, even in a browser that kept the cookie longer, armed or not', async () => {
    site.wecom.setMember(member('late'));
    const browser = site.browser();
    const { cookies } = await kit.unmatched(browser, 'late');
    const kept = kit.linkCookie(cookies);
    const { id } = await kit.pending(browser);
    const user = await kit.passwordUser();
    const armed = await kit.promptedSignIn(browser, user.username, user.password);
    const later = Date.now() + 10 * 60 * 1000 + 1000;
    const clock = jest.spyOn(Date, 'now').mockReturnValue(later);
    try {
      const read = await site.app.agent().get(`/wecom:pendingLink?authenticator=${name}`).set('Cookie', kept);
      expect(read.body.data).toEqual({ pending: false });
      const signIn = await site.app
        .agent()
        .post('/auth:signIn')
        .set('X-Authenticator', 'basic')
        .set('X-Wecom-Link-Prompt', id)
        .set('Cookie', kept)
        .send({ account: user.username, password: user.password });
      expect([signIn.status, signIn.headers['x-wecom-link']]).toEqual([200, undefined]);
      expect(await kit.confirmation(browser, kit.sessionOf(armed))).toBeNull();
      expect((await kit.confirm(browser, kit.sessionOf(armed), id)).body.errors[0].code).toBe('linkExpired');
    } finally {
      clock.mockRestore();
    }
    expect(await kit.binding('late')).toBeNull();
  });

  it('behind an https proxy: a Secure __Host- cookie, and a plain one planted beside it never counts', async () => {
    const proxy = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'nb.example.com' };
    site.wecom.setMember(member('secure-link'));
    const started = await site.app.agent().get(`/wecom:getAuthUrl?authenticator=${name}`).set(proxy);
    const flow = (started.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
    site.wecom.loginAs = 'secure-link';
    const callback = await site.browser().visitWecom(started.body.data.url);
    const landed = await site.app.agent().get(`${callback.pathname}${callback.search}`).set(proxy).set('Cookie', flow);
    expect(new URL(landed.headers.location).searchParams.get('link')).toBe('pending');
    const line = (landed.headers['set-cookie'] as unknown as string[]).find((text) =>
      text.startsWith('__Host-wecom_link='),
    );
    expect(line).toMatch(/; path=\/; expires=[^;]+; samesite=lax; secure; httponly$/);
    const value = (line as string).split(';')[0].split('=')[1];

    const user = await kit.passwordUser();
    const read = (cookie: string, headers: Record<string, string> = proxy) =>
      site.app.agent().get(`/wecom:pendingLink?authenticator=${name}`).set(headers).set('Cookie', cookie);
    const { id } = (await read(`__Host-wecom_link=${value}`)).body.data;
    const signIn = (cookie: string, headers: Record<string, string> = proxy) =>
      site.app
        .agent()
        .post('/auth:signIn')
        .set(headers)
        .set('X-Authenticator', 'basic')
        .set('X-Wecom-Link-Prompt', id)
        .set('Cookie', cookie)
        .send({ account: user.username, password: user.password });
    // Planted under the plain name (a sibling subdomain, an http hop): not on https, not even over http.
    expect((await read(`wecom_link=${value}`)).body.data).toEqual({ pending: false });
    expect((await signIn(`wecom_link=${value}`)).headers['x-wecom-link']).toBeUndefined();
    expect((await signIn(`wecom_link=${value}`, {})).headers['x-wecom-link']).toBeUndefined();
    const armed = await signIn(`__Host-wecom_link=${value}`);
    expect(armed.headers['x-wecom-link']).toBe('confirm');
    const rearmed = (armed.headers['set-cookie'] as unknown as string[]).find((text) =>
      text.startsWith('__Host-wecom_link='),
    ) as string;
    expect(rearmed).toMatch(/; path=\/; expires=[^;]+; samesite=lax; secure; httponly$/);
    const confirmed = await site.app
      .agent()
      .post('/wecom:confirmLink')
      .set(proxy)
      .set(kit.sessionOf(armed))
      .set('Cookie', rearmed.split(';')[0])
      .send({ id });
    expect(confirmed.status).toBe(200);
    expect((await kit.binding('secure-link')).get('userId')).toBe(user.id);
  });
});
