import { randomBytes } from 'crypto';
import { ConnectProxy } from '../../__tests__/connect-proxy';
import { AGENT_ID, CORP_ID, member, SECRET, Site, startSite, WXWORK_UA } from '../../__tests__/harness';

/**
 * The Secret and the proxy password of a WeCom authenticator are write-only, as GitHub Actions and Vercel keep
 * secrets: no answer carries them (get, list, the answers of create and update, a filter on them), the form shows
 * that one is set, and saving the form back unchanged keeps them.
 */
const PROXY_AUTH = { user: 'wecom', password: `pw-${randomBytes(6).toString('hex')}` };

describe('write-only secrets of a WeCom authenticator', () => {
  let site: Site;
  let proxy: ConnectProxy;
  let root: any;
  const answers: string[] = [];

  beforeAll(async () => {
    site = await startSite({ members: [member('wo', { mobile: '13700000042' })] });
    proxy = await ConnectProxy.start(PROXY_AUTH);
    site.app.environment.setVariable('WECOM_WO_SECRET', SECRET, { isSecret: true });
    const users = site.app.db.getRepository('users');
    root = await users.findOne({ filter: { 'roles.name': 'root' } });
    await users.create({ values: { nickname: 'Write Only', phone: '13700000042' } });
  });
  afterAll(async () => {
    await proxy?.stop();
    await site?.close();
  });

  const admin = async () => {
    const agent = await site.app.agent().login(root, 'root');
    const record = (res: any) => {
      answers.push(res.text);
      return res;
    };
    return {
      get: async (id: number) => record(await agent.resource('authenticators').get({ filterByTk: id })),
      list: async (params: object = {}) => record(await agent.resource('authenticators').list(params)),
      create: async (values: object) => record(await agent.resource('authenticators').create({ values })),
      update: async (id: number, values: object) =>
        record(await agent.resource('authenticators').update({ filterByTk: id, values })),
      agent,
    };
  };
  const wecomOptions = (extra: Record<string, unknown> = {}) => ({
    corpId: CORP_ID,
    agentId: AGENT_ID,
    secret: SECRET,
    apiBaseUrl: site.wecom.baseUrl,
    oauthBaseUrl: site.wecom.baseUrl,
    ssoBaseUrl: site.wecom.baseUrl,
    proxy: proxy.url(),
    ...extra,
  });
  const stored = async (id: number) =>
    (await site.app.db.getRepository('authenticators').findOne({ filterByTk: id })).get('options').wecom;
  let made = 0;
  async function create(wecom: Record<string, unknown> = {}) {
    const res = await (
      await admin()
    ).create({
      name: `wo_${++made}_${randomBytes(2).toString('hex')}`,
      authType: 'wecom',
      enabled: true,
      options: { public: { autoSignup: false }, wecom: wecomOptions(wecom) },
    });
    expect(res.status).toBe(200);
    return res.body.data as { id: number; name: string; options: any };
  }
  const signsIn = async (name: string) => Boolean((await site.browser(WXWORK_UA).signIn(name, 'wo')).token);

  it('get and list show that the Secret is set and mask the proxy password, never their values', async () => {
    const { id } = await create();
    const api = await admin();
    const got = (await api.get(id)).body.data;
    expect(got.options.wecom).not.toHaveProperty('secret');
    expect(got.options.wecom.proxy).toBe(`http://wecom:********@127.0.0.1:${proxy.port}`);
    expect(got.options.storedSecrets).toEqual(['wecom.secret']);
    const listed = (await api.list({ filter: { id } })).body.data[0];
    expect(listed.options).toEqual(got.options);
    // `fields` without the type, and a field list that names the options only, are withheld all the same.
    const bare = (await api.list({ fields: ['id', 'options'], filter: { id } })).body.data[0];
    expect(bare.options.wecom).not.toHaveProperty('secret');
    expect(answers.join('\n')).not.toContain(SECRET);
    expect(answers.join('\n')).not.toContain(PROXY_AUTH.password);
  });

  it("the answers of create and update carry neither, and a {{$env}} Secret as its name, never the variable's value", async () => {
    const created = await create({ secret: '{{$env.WECOM_WO_SECRET}}' });
    expect(created.options.wecom.secret).toBe('{{$env.WECOM_WO_SECRET}}');
    expect(created.options.storedSecrets).toEqual([]);
    const updated = await (await admin()).update(created.id, { enabled: true, options: created.options });
    expect(updated.status).toBe(200);
    expect(JSON.stringify(updated.body)).toContain('{{$env.WECOM_WO_SECRET}}');
    expect(answers.join('\n')).not.toContain(SECRET);
    expect(answers.join('\n')).not.toContain(PROXY_AUTH.password);
    expect(await signsIn(created.name)).toBe(true);
  });

  it('saving the form back as it was answered keeps the Secret and the proxy password: the sign-in still works', async () => {
    const { id, name } = await create();
    const api = await admin();
    const form = (await api.get(id)).body.data;
    const saved = await api.update(id, { ...form, title: 'Renamed', options: { ...form.options } });
    expect(saved.status).toBe(200);
    expect(await stored(id)).toMatchObject({ secret: SECRET, proxy: proxy.url() });
    expect((await stored(id)).storedSecrets).toBeUndefined();
    expect(await signsIn(name)).toBe(true);
    // An empty field keeps it too (the form's "leave empty to keep").
    await api.update(id, { enabled: true, options: { ...form.options, wecom: { ...form.options.wecom, secret: '' } } });
    expect((await stored(id)).secret).toBe(SECRET);
  });

  it('a new value replaces the stored one; null clears it, and so does a proxy without the masked password', async () => {
    const { id, name } = await create();
    const api = await admin();
    const form = (await api.get(id)).body.data.options;
    await api.update(id, { enabled: true, options: { ...form, wecom: { ...form.wecom, secret: 'a-new-secret' } } });
    expect((await stored(id)).secret).toBe('a-new-secret');
    const bare = `http://127.0.0.1:${proxy.port}`;
    await api.update(id, { enabled: true, options: { ...form, wecom: { ...form.wecom, secret: null, proxy: bare } } });
    expect(await stored(id)).not.toHaveProperty('secret');
    expect((await stored(id)).proxy).toBe(bare);
    const refused = await site.browser().getAuthUrl({ authenticator: name });
    expect(refused.text).toContain('WeCom sign-in is not set up: Secret missing.');
  });

  it('never keeps the Secret for another API base URL or proxy, nor the proxy password for another proxy', async () => {
    const { id } = await create();
    const api = await admin();
    const form = (await api.get(id)).body.data.options;
    const elsewhere = await api.update(id, {
      enabled: true,
      options: { ...form, wecom: { ...form.wecom, apiBaseUrl: 'https://relay.example.com' } },
    });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.errors[0].message).toMatch(/The saved Secret is used only with the API base URL/);
    const otherProxy = await api.update(id, {
      enabled: true,
      options: { ...form, wecom: { ...form.wecom, secret: SECRET, proxy: 'http://wecom:********@203.0.113.9:3128' } },
    });
    expect(otherProxy.status).toBe(400);
    expect(otherProxy.body.errors[0].message).toMatch(/The saved proxy password is used only with the proxy/);
    expect(await stored(id)).toMatchObject({ secret: SECRET, apiBaseUrl: site.wecom.baseUrl, proxy: proxy.url() });
    // With the Secret typed again, the other API base URL is saved.
    const retyped = await api.update(id, {
      enabled: true,
      options: { ...form, wecom: { ...form.wecom, secret: 'typed-again', apiBaseUrl: 'https://relay.example.com' } },
    });
    expect(retyped.status).toBe(200);
  });

  it('refuses a filter on the options, which would tell the Secret one guess at a time', async () => {
    const { id } = await create();
    const api = await admin();
    for (const filter of [
      { 'options.wecom.secret': { $startsWith: SECRET.slice(0, 8) } },
      { options: { wecom: { secret: { $eq: SECRET } } } },
      { $and: [{ id }, { 'options.wecom.secret': { $eq: SECRET } }] },
    ]) {
      const res = await api.list({ filter });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].message).toMatch(/cannot be searched/);
    }
    expect((await api.list({ filter: { id, authType: 'wecom' } })).body.data).toHaveLength(1);
  });

  it('a record that stops being a WeCom authenticator loses its write-only values', async () => {
    const { id } = await create();
    const api = await admin();
    const res = await api.update(id, { enabled: true, authType: 'basic' });
    expect(res.status).toBe(200);
    expect(await stored(id)).not.toHaveProperty('secret');
    expect((await stored(id)).proxy).toBe(`http://wecom@127.0.0.1:${proxy.port}`);
    expect(answers.join('\n')).not.toContain(SECRET);
  });
});
