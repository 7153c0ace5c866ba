import { WecomApiError } from './errors';
import type { WecomEnvelope } from './http';
import type { WecomRuntime } from './runtime';
import type { WecomConfig } from './types';

/**
 * `message/send` [90236]: one app message to at most 1000 members. WeCom answers errcode 0 as long as one
 * receiver is valid, and lists the others (in lower case) in `invaliduser` and `unlicenseduser`.
 */
export const MAX_RECEIVERS_PER_SEND = 1000;

/** The message kinds the notification channel sends, each with the body WeCom expects under its `msgtype`. */
export type AppMessage =
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'markdown'; markdown: { content: string } }
  | { msgtype: 'textcard'; textcard: { title: string; description: string; url: string; btntxt?: string } }
  | { msgtype: 'template_card'; template_card: TextNoticeCard };

/** `template_card` of `card_type: 'text_notice'`: a title and/or a text, opened by `card_action`. */
export interface TextNoticeCard {
  card_type: 'text_notice';
  main_title?: { title?: string; desc?: string };
  sub_title_text?: string;
  jump_list?: { type: 1; title: string; url: string }[];
  card_action: { type: 1; url: string };
}

export interface SendResult {
  msgid: string;
  /** Receivers WeCom does not know (or cannot reach), lower case as WeCom reports them. */
  invalidUsers: string[];
  /** Receivers without a license for the app: nothing was delivered to them. */
  unlicensedUsers: string[];
}

interface SendAnswer extends WecomEnvelope {
  invaliduser?: string;
  unlicenseduser?: string;
  msgid?: string;
}

const ids = (value: unknown) =>
  String(value ?? '')
    .split('|')
    .map((id) => id.trim().toLowerCase())
    .filter(Boolean);

/**
 * Sends `message` to `userids` (1 to 1000) as the app of `config`. A token WeCom rejected is replaced once
 * (the runtime's token store); any other refusal is a `WecomApiError`.
 */
export async function sendAppMessage(
  wecom: WecomRuntime,
  config: WecomConfig,
  userids: string[],
  message: AppMessage,
): Promise<SendResult> {
  if (!userids.length || userids.length > MAX_RECEIVERS_PER_SEND) {
    throw new RangeError(`message/send takes 1 to ${MAX_RECEIVERS_PER_SEND} receivers, not ${userids.length}`);
  }
  const answer = await wecom.callWithToken<SendAnswer>(config, {
    method: 'POST',
    path: '/cgi-bin/message/send',
    body: { touser: userids.join('|'), agentid: Number(config.agentId), safe: 0, ...message },
  });
  return {
    msgid: String(answer.msgid ?? ''),
    invalidUsers: ids(answer.invaliduser),
    unlicensedUsers: ids(answer.unlicenseduser),
  };
}

/** WeCom is busy (-1): worth another try after a pause. */
export const isBusy = (error: unknown) =>
  error instanceof WecomApiError && error.kind === 'errcode' && error.errcode === -1;

/**
 * Runs `attempt` again while WeCom answers -1, after pauses of `delaysMs` (one retry per entry), as long as the
 * pause ends before `deadline` (epoch ms). The last error is thrown.
 */
export async function retryWhileBusy<T>(attempt: () => Promise<T>, delaysMs: number[], deadline: number): Promise<T> {
  for (let tried = 0; ; tried++) {
    try {
      return await attempt();
    } catch (error) {
      const pause = delaysMs[tried];
      if (!isBusy(error) || pause === undefined || Date.now() + pause >= deadline) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}
