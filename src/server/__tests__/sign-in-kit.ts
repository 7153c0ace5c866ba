/** What the sign-in tests do with a site: sign a member in, then read whom that signed in, or the refusal. */
import { MessageId, MSG } from '../../messages';
import type { SignInResult } from './browser';
import { DESKTOP_UA, type Site, WXWORK_UA } from './harness';

/** `site` is read at each call (a test file starts its site in beforeAll). */
export function signInKit(site: () => Site) {
  return {
    /** The whole sign-in inside WeCom (in-client authorization) as `userid`. */
    inClient: (authenticator: string, userid: string) => site().browser(WXWORK_UA).signIn(authenticator, userid),
    /** The whole sign-in by QR code in a desktop browser as `userid`. */
    byQr: (authenticator: string, userid: string) => site().browser(DESKTOP_UA).signIn(authenticator, userid),
    /** The id of the user the sign-in's token belongs to (NocoBase's auth:check); the sign-in must have succeeded. */
    async signedInAs(authenticator: string, result: SignInResult): Promise<number> {
      expect(result.error).toBeUndefined();
      return (
        await site()
          .browser()
          .check(authenticator, result.token as string)
      ).id;
    },
    /** The sign-in page shows the message (by id or by its English text), and no token was issued. */
    expectRefused(result: SignInResult, id: MessageId): void {
      expect(result.token).toBeUndefined();
      expect([id, MSG[id]]).toContain(result.error);
    },
  };
}
