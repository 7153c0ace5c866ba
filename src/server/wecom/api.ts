import { WecomApiError } from './errors';
import type { WecomEnvelope } from './http';
import type { WecomRuntime } from './runtime';
import {
  MEMBER_STATUS_ACTIVE,
  WecomAgentInfo,
  WecomConfig,
  WecomIdentity,
  WecomMember,
  WecomPrivateInfo,
  WecomProfile,
} from './types';

/** The WeCom calls a sign-in makes, bound to one app's config and the NocoBase app's WeCom runtime. */
export interface WecomClient {
  getIdentity(code: string): Promise<WecomIdentity>;
  getPrivateInfo(userTicket: string): Promise<WecomPrivateInfo>;
  getProfile(userid: string): Promise<WecomProfile>;
}

export function createWecomClient(config: WecomConfig, wecom: WecomRuntime): WecomClient {
  const call = <T extends WecomEnvelope>(path: string, query: Record<string, string>, body?: unknown) =>
    wecom.callWithToken<T>(config, { method: body ? 'POST' : 'GET', path, query, body });

  return {
    async getIdentity(code) {
      const answer = await call<WecomEnvelope & { userid?: string; user_ticket?: string; openid?: string }>(
        '/cgi-bin/auth/getuserinfo',
        { code },
      );
      return { userid: answer.userid || undefined, userTicket: answer.user_ticket || undefined, openid: answer.openid };
    },

    async getPrivateInfo(userTicket) {
      const answer = await call<WecomEnvelope & Record<string, string>>(
        '/cgi-bin/auth/getuserdetail',
        {},
        { user_ticket: userTicket },
      );
      return {
        userid: answer.userid,
        mobile: answer.mobile || undefined,
        email: answer.email || undefined,
        bizMail: answer.biz_mail || undefined,
        avatar: answer.avatar || undefined,
        gender: answer.gender || undefined,
      };
    },

    async getProfile(userid) {
      const answer = await call<WecomEnvelope & { userid: string; name?: string; status?: number }>(
        '/cgi-bin/user/get',
        {
          userid,
        },
      );
      return { userid: answer.userid || userid, name: answer.name, status: answer.status };
    },
  };
}

interface AgentAnswer extends WecomEnvelope {
  agentid?: number | string;
  name?: string;
  close?: number;
  redirect_domain?: string;
  home_url?: string;
  allow_userinfos?: { user?: { userid?: string }[] };
  allow_partys?: { partyid?: number[] };
  allow_tags?: { tagid?: number[] };
}

/** `agent/get` of the configured app (with the token of its own Secret): how the admin set it up in WeCom. */
export async function getAgentInfo(config: WecomConfig, wecom: WecomRuntime): Promise<WecomAgentInfo> {
  const answer = await wecom.callWithToken<AgentAnswer>(config, {
    path: '/cgi-bin/agent/get',
    query: { agentid: config.agentId },
  });
  return {
    agentId: String(answer.agentid ?? config.agentId),
    name: answer.name,
    closed: Number(answer.close) === 1,
    redirectDomain: String(answer.redirect_domain ?? '').trim(),
    homeUrl: String(answer.home_url ?? '').trim(),
    visible: {
      users: (answer.allow_userinfos?.user ?? []).map((user) => String(user?.userid ?? '')).filter(Boolean),
      departments: answer.allow_partys?.partyid ?? [],
      tags: answer.allow_tags?.tagid ?? [],
    },
  };
}

/** Thrown when the code belongs to someone who is not a member of the corp (a WeChat user). */
export class NotAMemberError extends Error {
  constructor() {
    super('not a member of the corp');
    this.name = 'NotAMemberError';
  }
}

/** Thrown when `user/get` reports a member who is disabled, not activated, or has left. */
export class InactiveMemberError extends Error {
  constructor(readonly status: number) {
    super(`member status ${status}`);
    this.name = 'InactiveMemberError';
  }
}

/**
 * The member behind an OAuth code. A QR sign-in costs one call (`getuserinfo`); an in-client one also
 * reads the private info (mobile) and the profile (name, status), both at once.
 */
export async function memberFromCode(client: WecomClient, code: string): Promise<WecomMember> {
  const identity = await client.getIdentity(code);
  if (!identity.userid) {
    throw new NotAMemberError();
  }
  if (!identity.userTicket) {
    return { userid: identity.userid, inClient: false };
  }
  const [info, profile] = await Promise.all([
    client.getPrivateInfo(identity.userTicket),
    client.getProfile(identity.userid),
  ]);
  if (profile.status !== undefined && profile.status !== MEMBER_STATUS_ACTIVE) {
    throw new InactiveMemberError(profile.status);
  }
  return {
    userid: identity.userid,
    name: profile.name,
    mobile: info.mobile,
    email: info.email,
    bizMail: info.bizMail,
    avatar: info.avatar,
    inClient: true,
  };
}

export { WecomApiError };
