/**
 * What the loopback emulator answers with: WeCom's JSON errors (`errcode`, `errmsg` with a hint and a link, as
 * WeCom words them) and random identifiers.
 */
import { randomBytes } from 'crypto';

export type Json = Record<string, unknown>;

/** Random URL-safe text (base64url). */
export const rand = (bytes: number): string => randomBytes(bytes).toString('base64url');

const MESSAGES: Record<number, string> = {
  [-1]: 'system busy',
  40001: 'invalid credential',
  40013: 'invalid corpid',
  40014: 'invalid access_token',
  40029: 'invalid code',
  40008: 'invalid message type',
  40035: 'invalid parameter',
  40056: 'invalid agentid',
  41001: 'access_token missing',
  41002: 'corpid missing',
  41004: 'corpsecret missing',
  41008: 'missing code',
  41009: 'missing userid',
  42001: 'access_token expired',
  42022: 'code has been used',
  43002: 'require POST method',
  44004: 'empty content',
  45002: 'content size out of limit',
  45009: 'reach max api daily quota limit',
  48009: 'api forbidden',
  45033: 'api concurrent out of limit',
  47001: 'data format error',
  48002: 'api forbidden',
  50001: 'redirect_uri not authorized',
  50002: 'user out of agent privilege',
  60011: 'no privilege to access/modify contact/party/agent',
  60111: 'userid not found',
  81013: 'user & party & tag all invalid',
  82001: 'invalid touser, toparty and totag',
};

/** An error answer shaped like WeCom's: `<message>, hint: [...], more info at ...`. */
export function wxError(errcode: number, errmsg?: string): Json {
  const more = `more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}`;
  return { errcode, errmsg: errmsg ?? `${MESSAGES[errcode] ?? 'error'}, hint: [${rand(6)}], ${more}` };
}

/** The gateway's answer to a call from an IP outside the app's allow-list. */
export function ipBlocked(ip: string): Json {
  const more = `more info at https://open.work.weixin.qq.com/devtool/query?e=60020`;
  return { errcode: 60020, errmsg: `not allow to access from your ip, hint: [${rand(6)}], from ip: ${ip}, ${more}` };
}
