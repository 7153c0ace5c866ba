/**
 * The texts a WeCom send can leave in NocoBase's send log (`notificationSendLogs.reason`), beside the sign-in
 * messages of `../../messages` that WeCom's errcodes map to. The values are the keys of the locale files (the
 * English text, as NocoBase does).
 */
export const NOTIFY_MSG = {
  sentTo: 'Sent to {{sent}} of {{total}} users through WeCom.',
  noReceivers: 'No user to send to: the receivers select nobody.',
  notLinked: 'Not linked to a WeCom account: users {{ids}}.',
  invalidUsers: "Unknown to WeCom, or outside the WeCom app's visible range: users {{ids}}.",
  unlicensedUsers: 'Without a WeCom license for the app: users {{ids}}.',
  notSent: 'Not sent to users {{ids}}.',
  moreIds: '{{ids}} and {{more}} more',
  outOfTime: 'WeCom was too slow: the rest was not sent, so that the send ends in time.',
  noValidReceiver:
    "WeCom found none of the receivers among the app's members (81013). Check that they are in the WeCom app's visible range.",
  noSiteAddress:
    "The message's link needs this site's public address: set the Origin of the WeCom authenticator, or the site address of the channel.",
  linkNotOnSite: "The message's link must be a page of this site (a path such as /admin/…, or a URL of this site).",
  linkTooLong: "The message's link is too long for WeCom (at most 2048 bytes).",
  noContent: 'The message has neither a title nor a content.',
  unexpected: 'Sending through WeCom failed unexpectedly ({{error}}). The server log has the details.',
} as const;

export type NotifyMessageKey = (typeof NOTIFY_MSG)[keyof typeof NOTIFY_MSG];

/** A send refused before anything went to WeCom (the channel's or the message's settings). */
export class SendRefusal extends Error {
  constructor(
    readonly messageKey: NotifyMessageKey,
    readonly params: Record<string, string | number> = {},
  ) {
    super(messageKey);
    this.name = 'SendRefusal';
  }
}
