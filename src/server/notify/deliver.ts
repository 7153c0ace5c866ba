import { WecomApiError } from '../wecom/errors';
import { AppMessage, MAX_RECEIVERS_PER_SEND, retryWhileBusy, sendAppMessage } from '../wecom/message';
import type { WecomRuntime } from '../wecom/runtime';
import type { WecomConfig } from '../wecom/types';

/**
 * One NocoBase message to its WeCom members: one `message/send` per 1000 of them, one after the other, all within
 * `deadline`. NocoBase's send queue gives a job 15 s and runs one at a time, so no call may outlast the budget:
 * each attempt gets a quarter of the time left (a token fetch, the send, and once more after a rejected token), a
 * busy WeCom (-1) is tried again after a pause only while the pause fits, and what could not be sent in time is
 * reported, not sent late. A refusal that would refuse every other chunk too (IP, rate limit, permission, AgentId)
 * stops the send.
 */
export const SEND_BUDGET_MS = 12_000;
/** Pauses before the retries of a busy WeCom (-1). */
export const BUSY_RETRY_DELAYS_MS = [300, 900, 2000];
/** No attempt is started with less time than this left. */
const MIN_ATTEMPT_MS = 400;

export interface Delivery {
  /** Users WeCom took the message for (not reported invalid or unlicensed). */
  delivered: number[];
  /** Users WeCom reported as unknown or out of the app's reach (81013 counts every user of that chunk). */
  invalid: number[];
  unlicensed: number[];
  /** Users whose chunk was never sent, or was refused. */
  notSent: number[];
  /** What stopped the send, if anything: a WeCom error, or the deadline. */
  stoppedBy?: WecomApiError | 'deadline';
  /** WeCom answered 81013 (nobody valid) for at least one chunk. */
  noValidReceiver: boolean;
}

export interface DeliveryRequest {
  wecom: WecomRuntime;
  config: WecomConfig;
  /** WeCom userid (lower case) → NocoBase user id. */
  recipients: Map<string, number>;
  /** The message for one chunk of userids (a link may name its receivers when they are few). */
  messageFor(userids: string[]): AppMessage;
  deadline: number;
}

export async function deliver(request: DeliveryRequest): Promise<Delivery> {
  const { wecom, config, recipients, deadline } = request;
  const userids = [...recipients.keys()];
  const result: Delivery = { delivered: [], invalid: [], unlicensed: [], notSent: [], noValidReceiver: false };
  const users = (ids: string[]) => ids.map((id) => recipients.get(id)).filter((id): id is number => id !== undefined);
  for (let start = 0; start < userids.length; start += MAX_RECEIVERS_PER_SEND) {
    const chunk = userids.slice(start, start + MAX_RECEIVERS_PER_SEND);
    if (result.stoppedBy || deadline - Date.now() < MIN_ATTEMPT_MS) {
      result.stoppedBy ??= 'deadline';
      result.notSent.push(...users(chunk));
      continue;
    }
    const message = request.messageFor(chunk);
    try {
      const answer = await retryWhileBusy(
        () => {
          const timeoutMs = Math.max(1, Math.min(config.timeoutMs, Math.floor((deadline - Date.now()) / 4)));
          return sendAppMessage(wecom, { ...config, timeoutMs }, chunk, message);
        },
        BUSY_RETRY_DELAYS_MS,
        deadline - MIN_ATTEMPT_MS,
      );
      const invalid = new Set(answer.invalidUsers);
      const unlicensed = new Set(answer.unlicensedUsers.filter((id) => !invalid.has(id)));
      result.invalid.push(...users([...invalid]));
      result.unlicensed.push(...users([...unlicensed]));
      result.delivered.push(...users(chunk.filter((id) => !invalid.has(id) && !unlicensed.has(id))));
    } catch (error) {
      if (error instanceof WecomApiError && error.kind === 'errcode' && error.errcode === 81013) {
        result.noValidReceiver = true;
        result.invalid.push(...users(chunk));
        continue;
      }
      if (!(error instanceof WecomApiError)) {
        throw error;
      }
      result.stoppedBy = error;
      result.notSent.push(...users(chunk));
    }
  }
  return result;
}
