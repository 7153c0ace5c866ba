import { member, Site } from '../../__tests__/harness';
import { Browser } from '../../__tests__/browser';
import { type LinkingKit, startLinkingSite } from './link-helpers';

/**
 * Who agreed to a pending link: only the user who signed in on the page that showed it, in the session that sign-in
 * began, by confirming it once; never a sign-in elsewhere, another user or session, or root.
 */
describe('confirming a pending link', () => {
  let site: Site;
  let name: string;
  let kit: LinkingKit;
  let serial = 0;

  beforeAll(async () => {
    ({ site, name, kit } = await startLinkingSite());
  });
  afterAll(() => site?.close());

  /** A shared browser where member `userid` scanned the QR code, matched no user and walked away. */
  async function leftBehind(): Promise<{ browser: Browser; userid: string; id: string }> {
    const userid = `walked-away-${++serial}`;
    site.wecom.setMember(member(userid));
    const browser = site.browser();
    await kit.unmatched(browser, userid);
    return { browser, userid, id: (await kit.pending(browser)).id };
  }

  it('a sign-in on a page that did not show the prompt (or another tab) links nothing and drops the link', async () => {
    for (const who of ['a member', 'root']) {
      const { browser, userid, id } = await leftBehind();
      const next = await kit.passwordUser();
      if (who === 'root') await kit.makeRoot(next.id);
      const signIn = await kit.passwordSignIn(browser, next.username, next.password);
      expect([who, signIn.status, signIn.headers['x-wecom-link']]).toEqual([who, 200, undefined]);
      expect(await kit.pending(browser)).toBeNull();
      expect(await kit.confirmation(browser, kit.sessionOf(signIn))).toBeNull();
      expect((await kit.confirm(browser, kit.sessionOf(signIn), id)).body.errors[0].code).toBe('linkExpired');
      expect(await kit.links().count({ filter: { authenticator: name, userId: next.id } })).toBe(0);
      // The member's next QR sign-in still finds no user: nobody was signed in as someone else.
      expect((await site.browser().signIn(name, userid)).errorId).toBe('notLinkedYet');
    }
  });

  it('a prompt that is not this link, or an API client without the browser, arms nothing', async () => {
    const { browser, userid, id } = await leftBehind();
    const user = await kit.passwordUser();
    const api = await kit.passwordSignIn(site.browser(), user.username, user.password, id);
    expect([api.status, api.headers['x-wecom-link']]).toEqual([200, undefined]);
    const wrong = await kit.passwordSignIn(browser, user.username, user.password, 'f'.repeat(32));
    expect(wrong.headers['x-wecom-link']).toBeUndefined();
    expect(await kit.pending(browser)).toBeNull();
    expect(await kit.binding(userid)).toBeNull();
  });

  it('only the session that signed in on the prompt page may see and confirm it, with the id it showed', async () => {
    const { browser, userid, id } = await leftBehind();
    const alice = await kit.passwordUser();
    const bob = await kit.passwordUser();
    const armed = await kit.promptedSignIn(browser, alice.username, alice.password);
    expect(armed.headers['x-wecom-link']).toBe('confirm');
    const elsewhere = async (account: { username: string; password: string }) =>
      kit.sessionOf(await kit.passwordSignIn(site.browser(), account.username, account.password));
    // Another user's session, and another session of the same user, in the browser holding the link.
    for (const session of [await elsewhere(bob), await elsewhere(alice)]) {
      expect(await kit.confirmation(browser, session)).toBeNull();
      const refused = await kit.confirm(browser, session, id);
      expect([refused.status, refused.body.errors[0].code]).toEqual([403, 'linkNotYours']);
    }
    // The session itself, with an id the page did not show, or without one.
    for (const other of ['f'.repeat(32), undefined, ['x'], { id }]) {
      expect((await kit.confirm(browser, kit.sessionOf(armed), other)).body.errors[0].code).toBe('linkExpired');
    }
    expect(await kit.binding(userid)).toBeNull();
    // None of that used it up: the session that signed in there confirms it, by POST only.
    expect((await browser.get('/wecom:confirmLink', kit.sessionOf(armed))).status).toBe(405);
    expect((await kit.confirm(browser, kit.sessionOf(armed), id)).status).toBe(200);
    expect((await kit.binding(userid)).get('userId')).toBe(alice.id);
  });

  it('needs a session: anonymous requests are refused', async () => {
    const { browser, id } = await leftBehind();
    expect((await browser.get('/wecom:linkConfirmation')).status).toBe(401);
    expect((await browser.agent.post('/wecom:confirmLink').send({ id })).status).toBe(401);
    expect(await kit.pending(browser)).not.toBeNull();
  });

  it('is valid once: a copy of the armed cookie, or two confirmations at once, link once', async () => {
    const { browser, userid, id } = await leftBehind();
    const user = await kit.passwordUser();
    const armed = await kit.promptedSignIn(browser, user.username, user.password);
    const cookie = (armed.headers['set-cookie'] as string[]).find((line) => line.startsWith('wecom_link='))!;
    const session = kit.sessionOf(armed);
    const answers = await Promise.all([kit.confirm(browser, session, id), kit.confirm(browser, session, id)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 400]);
    await kit.links().destroy({ filter: { authenticator: name, uuid: userid } });
    const copy = await site.app.agent().post('/wecom:confirmLink').set(session).set('Cookie', cookie.split(';')[0]);
    expect(copy.body.errors[0].code).toBe('linkExpired');
    expect(await kit.binding(userid)).toBeNull();
  });

  it('never links root: not offered at sign-in, refused at confirmation', async () => {
    const first = await leftBehind();
    const root = await kit.passwordUser();
    await kit.makeRoot(root.id);
    const signIn = await kit.promptedSignIn(first.browser, root.username, root.password);
    expect([signIn.status, signIn.headers['x-wecom-link']]).toEqual([200, 'linkRootRefused']);
    expect(await kit.pending(first.browser)).toBeNull();
    expect(await kit.binding(first.userid)).toBeNull();

    // Armed for a member who is made root before confirming.
    const second = await leftBehind();
    const promoted = await kit.passwordUser();
    const armed = await kit.promptedSignIn(second.browser, promoted.username, promoted.password);
    expect(armed.headers['x-wecom-link']).toBe('confirm');
    await kit.makeRoot(promoted.id);
    expect(await kit.confirmation(second.browser, kit.sessionOf(armed))).toBeNull();
    const refused = await kit.confirm(second.browser, kit.sessionOf(armed), second.id);
    expect([refused.status, refused.body.errors[0].code]).toEqual([403, 'linkRootRefused']);
    expect(await kit.binding(second.userid)).toBeNull();
    expect(await kit.pending(second.browser)).toBeNull();
  });
});
