/**
 * The contacts change events of the WeCom emulator (docs/wecom-api.md, "Contacts and change events"): the XML
 * WeCom posts to a callback URL, signed and encrypted as WeCom does (`@wecom/crypto`), and the GET that verifies the
 * URL when the admin saves it.
 */
import { encrypt, getSignature } from '@wecom/crypto';
import { randomBytes } from 'crypto';

/** What WeCom's contacts callback sends: a signed and encrypted POST, or the GET of URL verification. */
export interface CallbackKeys {
  token: string;
  encodingAESKey: string;
  corpId: string;
}

export interface SignedRequest {
  query: Record<string, string>;
  body?: string;
}

/** A change event's XML (`MsgType=event`, `Event=change_contact`), fields in the order given. */
export function contactEventXml(corpId: string, fields: Record<string, string | number>): string {
  const cdata = (value: string | number) => (typeof value === 'number' ? String(value) : `<![CDATA[${value}]]>`);
  const inner = Object.entries({
    ToUserName: corpId,
    FromUserName: 'sys',
    CreateTime: Math.floor(Date.now() / 1000),
    MsgType: 'event',
    Event: 'change_contact',
    ...fields,
  })
    .map(([name, value]) => `<${name}>${cdata(value)}</${name}>`)
    .join('');
  return `<xml>${inner}</xml>`;
}

/** Signs and encrypts `message` as WeCom does; `receiveId` is the Corp ID unless a test says otherwise. */
export function signedEvent(
  keys: CallbackKeys,
  message: string,
  options: { receiveId?: string; timestamp?: number } = {},
): SignedRequest {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = randomBytes(6).toString('hex');
  const encrypted = encrypt(keys.encodingAESKey, message, options.receiveId ?? keys.corpId);
  const signature = getSignature(keys.token, timestamp, nonce, encrypted);
  const envelope = `<ToUserName><![CDATA[${keys.corpId}]]></ToUserName><AgentID><![CDATA[]]></AgentID>`;
  const body = `<xml>${envelope}<Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`;
  return { query: { msg_signature: signature, timestamp, nonce }, body };
}

/** The GET WeCom sends when the admin saves the callback URL: `echostr` is an encrypted random text. */
export function verificationRequest(keys: CallbackKeys, echo: string): SignedRequest {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(6).toString('hex');
  const echostr = encrypt(keys.encodingAESKey, echo, keys.corpId);
  return { query: { msg_signature: getSignature(keys.token, timestamp, nonce, echostr), timestamp, nonce, echostr } };
}

/** A valid EncodingAESKey: 43 characters of base64 (32 random bytes without the trailing "="). */
export const newEncodingAESKey = () => randomBytes(32).toString('base64').slice(0, 43);
