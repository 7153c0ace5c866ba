/**
 * `npm start`: a real NocoBase with this plugin, and a WeCom sandbox beside it (see stack.ts), until
 * Ctrl-C. Options come from the environment (settings.ts).
 */
import path from 'path';
import { MEMBERS } from './members';
import { settingsFromEnv } from './settings';
import { Stack, startStack } from './stack';

const log = (line: string) => console.log(`[start] ${line}`);

function banner(stack: Stack): string {
  const { admin } = stack.credentials;
  const rel = (file: string) => path.relative(process.cwd(), file);
  const lines = [
    '',
    '  NocoBase with "Sign in with WeCom" is running.',
    '',
    `  Sign-in page     ${stack.appUrl}/signin   (v2 UI: ${stack.appUrl}/v/signin)`,
    `  Admin            ${admin.username} / ${admin.email}   password: ${admin.password}`,
    `  Authenticator    ${stack.appUrl}/admin/settings/auth/authenticators`,
    '',
  ];
  if (stack.sandboxUrl) {
    lines.push(
      `  THIS IS A SANDBOX: WeCom is emulated at ${stack.sandboxUrl} (not the real WeCom).`,
      '  Its sign-in pages let you pick a member instead of scanning a QR code:',
      ...MEMBERS.map((m) => `    - ${m.name}${m.mobile ? `, mobile ${m.mobile}` : ''}${note(m)}`),
      '',
      '  Try it:',
      `  1. In-client sign-in, as from the WeCom workbench (works in any browser here):`,
      `       ${stack.workbenchUrl}`,
      '     Pick Zhang Wei: the mobile number matches the user "Zhang Wei", who is signed in and remembered.',
      '  2. QR-code sign-in: open the sign-in page, click "Sign in with WeCom", pick Zhang Wei again.',
      '     It carries no mobile number, so it works for members remembered by step 1.',
      '  3. Pick Chen Jie (disabled) or the WeChat visitor to see how a refusal looks.',
      '  4. "Check setup" in the authenticator\'s form (Configure) is all ✓. Break a setting of the WeCom app in the',
      `     sandbox's WeCom console, ${stack.consoleUrl}, and check again: the line shows ✗ and the fix.`,
      ...notifyLines(stack),
    );
  } else {
    lines.push(
      '  WeCom: the real WeCom company of WECOM_CORP_ID. Workbench homepage link for the WeCom app:',
      `       ${stack.workbenchUrl}`,
    );
  }
  lines.push(
    '',
    `  Data: ${rel(stack.settings.dataDir)}   NocoBase log: ${rel(stack.nocobaseLog)}`,
    '  Stop: Ctrl-C',
    '',
  );
  return lines.join('\n');
}

/** Step 5, when the notification demo is there (notify-seed.ts). */
function notifyLines(stack: Stack): string[] {
  if (!stack.notifyDemo || !stack.phoneUrl) return [];
  return [
    `  5. Notifications: add an order on ${stack.appUrl}${stack.notifyDemo.orderPagePath} (signed in as the admin)`,
    '     with Zhang Wei as its assignee (after step 1: WeCom messages reach linked members only). The workflow',
    '     sends him a WeCom text card; his phone in the sandbox shows it:',
    `       ${stack.phoneUrl}?userid=ZhangWei`,
    '     Tap it: the order opens (in a WeCom browser, signed in as Zhang Wei; elsewhere, after a sign-in).',
  ];
}

function note(member: (typeof MEMBERS)[number]): string {
  if (member.nonMember) return ' (not a member of the company)';
  if (member.status === 2) return ' (disabled in WeCom)';
  if (member.userid === 'WangFang') return ' (no NocoBase user has this mobile)';
  return '';
}

async function main() {
  const stack = await startStack(settingsFromEnv(), log);
  console.log(banner(stack));
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    log('Stopping NocoBase and the WeCom sandbox...');
    await stack.stop();
    log('Stopped. The next `npm start` picks up the same data.');
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  void stack.nocobaseExited.then(async () => {
    if (stopping) return;
    stopping = true;
    log(`NocoBase stopped on its own; see ${path.relative(process.cwd(), stack.nocobaseLog)}.`);
    await stack.stop();
    process.exit(1);
  });
}

main().catch((error) => {
  console.error(`[start] ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
