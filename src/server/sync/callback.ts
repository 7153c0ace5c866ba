import type { Context, Next } from '@nocobase/actions';
import type Application from '@nocobase/server';
import { decrypt, getSignature } from '@wecom/crypto';
import { createHash } from 'crypto';
import { ACTION_CONTACTS_CALLBACK } from '../../constants';
import { OnceMarks } from '../web/once';
import { sameText } from '../web/seal';
import { ContactEventQueue } from './event-queue';
import { contactEventOf } from './events';
import { readSyncSettings, SOURCE_TYPE, SyncSettings } from './options';
import { parseFlatXml } from './xml';

/**
 * `GET|POST wecom:contactsCallback?source=NAME`: WeCom's contacts callback ("receive events" server).
 * GET verifies the URL (answer the decrypted echostr alone); POST carries an encrypted change event. In both,
 * the signature is checked first, then the payload decrypted with `@wecom/crypto` and its receiveid required to
 * be the source's Corp ID. A POST is answered at once (WeCom waits 5 s at most) and its event applied afterwards;
 * the same delivery twice, or one older than the replay window, is refused. Refusals are 4xx and change nothing.
 */
export { ACTION_CONTACTS_CALLBACK };

/** WeCom's timestamp may be this far from ours (clock skew, its retries); older deliveries are replays. */
const WINDOW_SECONDS = 10 * 60;
const MAX_BODY = 64 * 1024;

export function contactsCallback(app: Application, once: OnceMarks, queue: ContactEventQueue) {
  return async (ctx: Context, next: Next) => {
    ctx.withoutDataWrapping = true;
    const refuse = (status: number, reason: string) => {
      ctx.status = status;
      ctx.type = 'text/plain';
      ctx.body = reason;
    };
    const query = rawQuery(ctx.querystring);
    const settings = await sourceSettings(app, query.source);
    if (!settings) {
      return refuse(404, 'no such WeCom sync source with change events set up');
    }
    const { msg_signature: signature, timestamp, nonce } = query;
    if (!signature || !/^\d{1,12}$/.test(timestamp || '') || !nonce) {
      return refuse(400, 'missing msg_signature, timestamp or nonce');
    }
    const isGet = ctx.method === 'GET';
    const payload = isGet ? query.echostr : parseFlatXml(await rawBody(ctx))?.Encrypt;
    if (!payload) {
      return refuse(400, isGet ? 'missing echostr' : 'not a WeCom callback body');
    }
    if (!sameText(getSignature(settings.token, timestamp, nonce, payload), signature)) {
      return refuse(403, 'bad signature');
    }
    if (Math.abs(Date.now() / 1000 - Number(timestamp)) > WINDOW_SECONDS) {
      return refuse(409, 'stale timestamp');
    }
    const message = open(settings, payload);
    if (message === null) {
      return refuse(403, 'not for this Corp ID');
    }
    if (isGet) {
      ctx.type = 'text/plain';
      ctx.body = message;
      return next();
    }
    const fields = parseFlatXml(message);
    if (!fields) {
      return refuse(400, 'bad event XML');
    }
    const key = createHash('sha256')
      .update(`${settings.sourceName}\n${signature}\n${timestamp}\n${nonce}`)
      .digest('hex');
    if (!(await once.claim(`contacts:${key}`, 2 * WINDOW_SECONDS * 1000))) {
      return refuse(409, 'already received');
    }
    const event = contactEventOf(settings.sourceName, fields);
    if (event) {
      // Stored before WeCom gets its answer: a stop before it is applied loses nothing.
      await queue.push(event);
    }
    ctx.status = 200;
    ctx.type = 'text/plain';
    ctx.body = '';
    return next();
  };
}

/** The query as WeCom sent it: percent-decoding only (a raw `+` stays a `+`: echostr is base64). */
function rawQuery(querystring: string): Record<string, string> {
  const query: Record<string, string> = {};
  for (const part of (querystring || '').split('&')) {
    const at = part.indexOf('=');
    const name = at < 0 ? part : part.slice(0, at);
    if (!name || name in query) {
      continue;
    }
    try {
      query[decodeURIComponent(name)] = decodeURIComponent(at < 0 ? '' : part.slice(at + 1));
    } catch {
      // malformed escapes: the parameter is missing
    }
  }
  return query;
}

/** The enabled WeCom source of that name with change events set up (Token and EncodingAESKey), or null. */
async function sourceSettings(app: Application, name: string | undefined): Promise<SyncSettings | null> {
  const repository = app.db.getCollection('userDataSyncSources') && app.db.getRepository('userDataSyncSources');
  if (!name || !repository) {
    return null;
  }
  const source = await repository.findOne({ filter: { name, sourceType: SOURCE_TYPE, enabled: true } });
  if (!source) {
    return null;
  }
  try {
    const settings = await readSyncSettings(app, name, source.get('options'));
    return settings.token && settings.encodingAESKey.length === 43 ? settings : null;
  } catch {
    return null;
  }
}

/** The message when it was encrypted for this Corp ID with this key, else null (a wrong key decrypts to garbage). */
function open(settings: SyncSettings, payload: string): string | null {
  try {
    const { message, id } = decrypt(settings.encodingAESKey, payload);
    return id === settings.config.corpId ? message : null;
  } catch {
    return null;
  }
}

/** The POST body as text (WeCom sends XML, which NocoBase's body parser leaves unread). */
async function rawBody(ctx: Context): Promise<string> {
  const parsed = (ctx.request as { rawBody?: unknown }).rawBody;
  if (typeof parsed === 'string') {
    return parsed;
  }
  if (ctx.req.readableEnded) {
    return '';
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) {
      return '';
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
