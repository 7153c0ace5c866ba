import { Browser, Site } from '../../__tests__/harness';

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
      values: { username, nickname: username, password: `${username}-secret`, ...extra },
    });
    return { id: user.id as number, username, password: `${username}-secret` };
  }

  /** `auth:signIn` with the basic authenticator in `browser`; the answer (its headers carry the link outcome). */
  const passwordSignIn = (browser: Browser, account: string, password: string) =>
    browser.agent.post('/auth:signIn').set('X-Authenticator', 'basic').send({ account, password });

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

  /** The `wecom_link=VALUE` pair of a callback's Set-Cookie lines. */
  const linkCookie = (cookies: string[]) =>
    (cookies.find((text) => text.startsWith('wecom_link=')) as string).split(';')[0];

  return { links, binding, passwordUser, passwordSignIn, unmatched, pending, linkCookie };
}
