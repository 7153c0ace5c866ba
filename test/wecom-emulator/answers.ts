/**
 * How the loopback emulator answers over HTTP (see index.ts): the paths it serves, JSON and HTML answers, and a
 * body cut short on purpose (the `truncate` fault).
 */
import type http from 'http';
import { CONTACTS_ROUTES } from './contacts';
import type { Json } from './errors';
import type { EmulatorEndpoint } from './types';

export const ROUTES: Record<string, EmulatorEndpoint> = {
  '/cgi-bin/gettoken': 'gettoken',
  '/cgi-bin/auth/getuserinfo': 'getuserinfo',
  '/cgi-bin/auth/getuserdetail': 'getuserdetail',
  '/cgi-bin/user/get': 'user/get',
  '/cgi-bin/agent/get': 'agent/get',
  '/cgi-bin/message/send': 'message/send',
  '/connect/oauth2/authorize': 'authorize',
  '/wwlogin/sso/login': 'sso',
  ...CONTACTS_ROUTES,
};
export const JSON_TYPE = 'application/json; charset=UTF-8';
export const HTML_TYPE = 'text/html; charset=UTF-8';

export interface Answer {
  status: number;
  type: string;
  body: string;
  location?: string;
}
export const json = (body: Json): Answer => ({ status: 200, type: JSON_TYPE, body: JSON.stringify(body) });
export const html = (body: string, status = 200): Answer => ({ status, type: HTML_TYPE, body });
export const zeroCalls = (): Record<EmulatorEndpoint, number> => ({
  gettoken: 0,
  getuserinfo: 0,
  getuserdetail: 0,
  'user/get': 0,
  authorize: 0,
  sso: 0,
  'agent/get': 0,
  'message/send': 0,
  'department/list': 0,
  'department/get': 0,
  'department/simplelist': 0,
  'user/list': 0,
  'user/list_id': 0,
});

export function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function headers(a: Answer, length: number): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = {
    'Content-Type': a.type,
    'Content-Length': length,
    'Cache-Control': 'no-store',
  };
  if (a.location) headers.Location = a.location;
  return headers;
}

export function send(res: http.ServerResponse, a: Answer): void {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(a.status, headers(a, Buffer.byteLength(a.body))).end(a.body);
}

/** Announces the full Content-Length, sends half of the body, then ends the socket. */
export function sendTruncated(res: http.ServerResponse, a: Answer): void {
  if (res.destroyed || res.writableEnded) return;
  const full = Buffer.from(a.body, 'utf8');
  res.writeHead(a.status, headers(a, full.length));
  res.write(full.subarray(0, Math.floor(full.length / 2)));
  res.socket?.end();
}
