import { Site, startWecomSite } from '../../__tests__/harness';
import { Browser } from '../../__tests__/browser';

export type LinkingKit = ReturnType<typeof linkingKit>;

/** A site with one WeCom authenticator, and the linking kit for them (how the linking tests start). */
export async function startLinkingSite() {
  const { site, name } = await startWecomSite();
  return { site, name, kit: linkingKit(site, name) };
}

/** What the linking tests do in a browser, for one site and one WeCom authenticator. */
export function linkingKit(site: Site, name: string) {
  let serial = 0;
  const users = () => site.app.db.getRepository('users');
  const links = () => site.app.db.getRepository('usersAuthenticators');
  const binding = (uuid: string) => links().findOne({ filter: { authenticator: name, uuid } });

  /** A user who signs in with a password (NocoBase's basic authenticator). */
  async function passwordUser(extra: Record<string, unknown> = {}) {
    const username = `${name}_user${++serial}`;
    const user = await users().create({
      values: { username, nickname: `Nick ${username}`, password: `${username}-secret`, ...extra },
    });
    return { id: user.id as number, username, password: `${username}-secret` };
  }

  /** Gives the user the root role (NocoBase's own hooks refuse that to anyone but the install: bypassed here). */
  const makeRoot = (userId: number) =>
    site.app.db.getModel('rolesUsers').create({ userId, roleName: 'root' }, { hooks: false });

  /**
   * `auth:signIn` with the basic authenticator in `browser`; `prompt` is the header the sign-in page showing the
   * pending link adds (the link's id). The answer's headers carry the link outcome.
   */
  const passwordSignIn = (browser: Browser, account: string, password: string, prompt?: string) =>
    browser.agent
      .post('/auth:signIn')
      .set('X-Authenticator', 'basic')
      .set(prompt ? { 'X-Wecom-Link-Prompt': prompt } : {})
      .send({ account, password });

  /** A WeCom sign-in of `userid` that finds no user: where it lands, and the cookies it set. */
  async function unmatched(browser: Browser, userid: string) {
    const res = await browser.getAuthUrl({ authenticator: name });
    site.wecom.loginAs = userid;
    const callback = await browser.visitWecom(res.body.data.url);
    const answer = await browser.get(`${callback.pathname}${callback.search}`);
    return { location: new URL(answer.headers.location), cookies: (answer.headers['set-cookie'] ?? []) as string[] };
  }

  /** The pending link the sign-in page would show (`null` when none). */
  const pending = async (browser: Browser, authenticator = name) => {
    const data = (await browser.get(`/wecom:pendingLink?authenticator=${authenticator}`)).body.data;
    return data.pending ? data : null;
  };

  /** The sign-in page that shows the pending link: it asks for it, and its password sign-in carries its id. */
  async function promptedSignIn(browser: Browser, account: string, password: string) {
    const shown = await pending(browser);
    expect(shown).not.toBeNull();
    return passwordSignIn(browser, account, password, shown.id);
  }

  /** The headers of the session a sign-in answer began. */
  const sessionOf = (signIn: { body: any }) => ({
    Authorization: `Bearer ${signIn.body.data.token}`,
    'X-Authenticator': 'basic',
  });

  /** What the page asks the signed-in user to confirm (`null` when nothing). */
  const confirmation = async (browser: Browser, session: Record<string, string>) => {
    const data = (await browser.get('/wecom:linkConfirmation', session)).body.data;
    return data?.pending ? data : null;
  };

  /** "Confirm": `POST wecom:confirmLink` `{ id }` with the session's token, from `browser`. */
  const confirm = (browser: Browser, session: Record<string, string>, id: unknown) =>
    browser.agent.post('/wecom:confirmLink').set(session).send({ id });

  /** The whole path: the prompted sign-in, then the confirmation it asks for, confirmed. */
  async function signInAndConfirm(browser: Browser, account: { username: string; password: string }) {
    const signIn = await promptedSignIn(browser, account.username, account.password);
    expect([signIn.status, signIn.headers['x-wecom-link']]).toEqual([200, 'confirm']);
    const session = sessionOf(signIn);
    const asked = await confirmation(browser, session);
    return confirm(browser, session, asked?.id);
  }

  /** The `wecom_link=VALUE` pair of a callback's Set-Cookie lines. */
  const linkCookie = (cookies: string[]) =>
    (cookies.find((text) => text.startsWith('wecom_link=')) as string).split(';')[0];

  return {
    links,
    binding,
    passwordUser,
    makeRoot,
    passwordSignIn,
    unmatched,
    pending,
    promptedSignIn,
    sessionOf,
    confirmation,
    confirm,
    signInAndConfirm,
    linkCookie,
  };
}
