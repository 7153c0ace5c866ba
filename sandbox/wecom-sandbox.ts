/**
 * The WeCom sandbox: the emulator the server tests use, in its interactive mode. Its authorize and
 * QR-login pages show "pick a member" (the sample company of members.ts) instead of a phone scan, then
 * redirect back with a code, as WeCom does. Loopback only; started only by `npm start` and the e2e test.
 *
 * The sandbox's port serves the emulator (passed through to it, on a port of its own), the sandbox's
 * "WeCom console" page (wecom-console.ts), where the app's settings in WeCom can be broken and restored, and the
 * members' "phones" (wecom-phone.ts), which show the app messages each one received.
 */
import http from 'http';
import type { AddressInfo, Socket } from 'net';
import { WecomEmulator } from '../test/wecom-emulator';
import { DEPARTMENTS, MEMBERS, SANDBOX_CORP } from './members';
import { CONSOLE_PATH, ConsoleSetup, WecomConsole } from './wecom-console';
import { PHONE_PATH, phoneIndexPage, phonePage } from './wecom-phone';

export interface WecomSandbox {
  /** http://127.0.0.1:PORT, no trailing slash: WeCom's API, sign-in pages and the console. */
  baseUrl: string;
  /** The sandbox's "WeCom console" page. */
  consoleUrl: string;
  /** The members' "phones" (`?userid=` for one). */
  phoneUrl: string;
  console: WecomConsole;
  stop(): Promise<void>;
}

export async function startWecomSandbox(port: number, secret: string, setup: ConsoleSetup): Promise<WecomSandbox> {
  const emulator = await WecomEmulator.start({
    ...SANDBOX_CORP,
    secret,
    members: MEMBERS,
    departments: DEPARTMENTS,
    interactive: true,
  });
  const emulatorPort = new URL(emulator.baseUrl).port;
  const wecomConsole = new WecomConsole(emulator, setup);
  let baseUrl = '';

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0];
    if (path === CONSOLE_PATH || path.startsWith(`${CONSOLE_PATH}/`)) {
      // The body of a console POST carries nothing: the query says what to do.
      req.resume();
      return wecomConsole.handle(req, res, baseUrl);
    }
    if (path === PHONE_PATH || path === `${PHONE_PATH}/count`) {
      req.resume();
      return servePhone(emulator, req, res);
    }
    const upstream = http.request(
      { host: '127.0.0.1', port: emulatorPort, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('error', () => res.destroy());
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  } catch (error: any) {
    await emulator.stop();
    if (error?.code === 'EADDRINUSE') {
      throw new Error(`Port ${port} is taken: set WECOM_SANDBOX_PORT to a free port for the WeCom sandbox.`);
    }
    throw error;
  }
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    consoleUrl: `${baseUrl}${CONSOLE_PATH}`,
    phoneUrl: `${baseUrl}${PHONE_PATH}`,
    console: wecomConsole,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
      await emulator.stop();
    },
  };
}

/** A phone page, or (`/count`) how many messages the member has, which the page polls. */
function servePhone(emulator: WecomEmulator, req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://sandbox');
  const userid = url.searchParams.get('userid') ?? '';
  const member = MEMBERS.find((m) => !m.nonMember && m.userid.toLowerCase() === userid.toLowerCase());
  const received = member ? emulator.received(member.userid) : [];
  const [type, body] = url.pathname.endsWith('/count')
    ? ['application/json', JSON.stringify({ count: received.length })]
    : ['text/html', member ? phonePage(member, received) : phoneIndexPage(MEMBERS)];
  res
    .writeHead(userid && !member ? 404 : 200, {
      'Content-Type': `${type}; charset=UTF-8`,
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': 'no-store',
    })
    .end(body);
}
