import { member, Site, startSite, WXWORK_UA } from '../../__tests__/harness';

/** `options.wecom.signupRole`: the role auto-signup gives a new user (NocoBase's default role when empty). */
describe('the role of auto-signup users', () => {
  let site: Site;
  let serial = 0;

  beforeAll(async () => {
    site = await startSite();
    await site.app.db.getRepository('roles').create({ values: { name: 'wecom_staff', title: 'WeCom staff' } });
  });
  afterAll(() => site?.close());

  /** The roles of the user a first in-client sign-in creates with `signupRole`. */
  async function rolesOfNewUser(signupRole?: string) {
    const name = await site.addAuthenticator({ public: { autoSignup: true }, wecom: { signupRole } });
    const mobile = `1370000${String(++serial).padStart(4, '0')}`;
    site.wecom.setMember(member(`signup-${serial}`, { mobile }));
    const result = await site.browser(WXWORK_UA).signIn(name, `signup-${serial}`);
    expect(result.error).toBeUndefined();
    const user = await site.app.db.getRepository('users').findOne({ filter: { phone: mobile }, appends: ['roles'] });
    return user.roles.map((role: any) => role.name).sort();
  }

  it("gives NocoBase's default role when none is set", async () => {
    expect(await rolesOfNewUser()).toEqual(['member']);
    expect(await rolesOfNewUser('  ')).toEqual(['member']);
  });

  it('gives the role set, and only that one', async () => {
    expect(await rolesOfNewUser('wecom_staff')).toEqual(['wecom_staff']);
  });

  it('never gives root or a role that does not exist: the default role, and a warning', async () => {
    const warn = jest.spyOn(site.app.logger, 'warn');
    expect(await rolesOfNewUser('root')).toEqual(['member']);
    expect(await rolesOfNewUser('no_such_role')).toEqual(['member']);
    const warned = warn.mock.calls.map(([text]) => String(text)).filter((text) => text.includes('auto-signup'));
    expect(warned.some((text) => text.includes('"root"'))).toBe(true);
    expect(warned.some((text) => text.includes('"no_such_role"'))).toBe(true);
    warn.mockRestore();
  });
});
