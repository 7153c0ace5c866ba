import { BaseNotificationChannel } from '@nocobase/plugin-notification-manager';
import type Application from '@nocobase/server';
import { wecomRuntime } from '../wecom/app-runtime';
import { WecomApiError } from '../wecom/errors';
import { readChannelSettings } from './channel-settings';
import { compose, needsLink, partsOf } from './compose';
import { deliver, SEND_BUDGET_MS } from './deliver';
import { openUrl, siteOf } from './link';
import { deliveryOutcome, failureText, SendOutcome, translator } from './reasons';
import { ReceiversArgument, receiverUserIds } from './receivers';
import { recipientsOf } from './recipients';
import { NOTIFY_MSG, SendRefusal } from './refusals';

interface SendParams {
  channel: { name: string; options: Record<string, unknown>; notificationType: string };
  message: Record<string, unknown>;
  receivers?: ReceiversArgument;
}

/**
 * The `wecom` channel type of NocoBase's notification manager: NocoBase users → their WeCom members (the
 * authenticator's bindings) → app messages through that authenticator's WeCom app. Loaded only when the
 * notification manager is (register.ts). Never throws: every outcome is a send-log status and reason.
 */
export class WecomNotificationChannel extends BaseNotificationChannel {
  constructor(app: Application) {
    super(app);
  }

  async send({ channel, message, receivers }: SendParams): Promise<SendOutcome & { message: unknown }> {
    const deadline = Date.now() + SEND_BUDGET_MS;
    const t = await translator(this.app);
    try {
      const { authenticator, settings, origin } = await readChannelSettings(this.app, channel.options);
      const parts = partsOf(message ?? {});
      if (!parts.title && !parts.body) {
        throw new SendRefusal(NOTIFY_MSG.noContent);
      }
      const corpId = settings.config.corpId;
      const link = parts.link || (needsLink(parts.type) ? settings.redirectPath : '');
      let urlFor = (_userids: string[]): string | undefined => undefined;
      if (link) {
        if (!origin) {
          throw new SendRefusal(NOTIFY_MSG.noSiteAddress);
        }
        const site = siteOf(this.app, origin);
        urlFor = (userids) => openUrl(this.app, site, { authenticator, corpId, link }, userids);
        urlFor([]); // a link that is refused is refused before anything is sent
      }
      const userIds = await receiverUserIds(this.app.db, message ?? {}, receivers);
      const { byUserid, unbound } = await recipientsOf(this.app.db, { authenticator, corpId }, userIds);
      if (!byUserid.size) {
        return { message, ...deliveryOutcome(t, userIds.length, unbound) };
      }
      const delivery = await deliver({
        wecom: wecomRuntime(this.app),
        config: settings.config,
        recipients: byUserid,
        messageFor: (userids) => compose(parts, urlFor(userids)),
        deadline,
      });
      if (delivery.stoppedBy instanceof WecomApiError) {
        this.logFailure(channel.name, delivery.stoppedBy);
      }
      return { message, ...deliveryOutcome(t, userIds.length, unbound, delivery) };
    } catch (error) {
      this.logFailure(channel.name, error);
      return { message, status: 'failure', reason: failureText(t, error) };
    }
  }

  /** WeCom's refusals and unexpected errors go to the server log (errors never carry the Secret or a token). */
  private logFailure(channelName: string, error: unknown) {
    if (error instanceof SendRefusal) {
      return;
    }
    const { message, errcode, kind } = error as { message?: string; errcode?: number; kind?: string };
    this.app.logger?.warn?.(`WeCom notification failed: ${message ?? error}`, {
      channel: channelName,
      errcode,
      kind,
    });
  }
}

export default WecomNotificationChannel;
