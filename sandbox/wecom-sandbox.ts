/**
 * The WeCom sandbox: the emulator the server tests use, in its interactive mode. Its authorize and
 * QR-login pages show "pick a member" (the sample company of members.ts) instead of a phone scan, then
 * redirect back with a code, as WeCom does. Loopback only; started only by `npm start` and the e2e test.
 */
import { WecomEmulator } from '../src/server/__tests__/wecom-emulator';
import { MEMBERS, SANDBOX_CORP } from './members';

export async function startWecomSandbox(port: number, secret: string): Promise<WecomEmulator> {
  try {
    return await WecomEmulator.start({ ...SANDBOX_CORP, secret, members: MEMBERS, interactive: true, port });
  } catch (error: any) {
    if (error?.code === 'EADDRINUSE') {
      throw new Error(`Port ${port} is taken: set WECOM_SANDBOX_PORT to a free port for the WeCom sandbox.`);
    }
    throw error;
  }
}
