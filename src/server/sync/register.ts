import type { Plugin } from '@nocobase/server';
import { NAMESPACE, RESOURCE } from '../../constants';
import { OnceMarks } from '../web/once';
import { registerSyncPreview } from './preview-action';
import { ACTION_CONTACTS_CALLBACK, contactsCallback } from './callback';
import { ContactEventQueue } from './event-queue';
import { defineEventStore } from './event-store';
import { SOURCE_TYPE } from './options';
import { redactSyncSourceSecretsInLogs } from './redaction';
import { userDataSync } from './user-data-sync';

/**
 * Wiring of the contacts sync: the `wecom` source type (only when NocoBase's user data synchronization is
 * enabled; its module is loaded only then), Preview (preview-action.ts) and the public contacts callback, which answers 404 for any source
 * while there is none. Returns the change-event queue (tests wait on `idle()`), which applies the events left
 * stored by the last run when the app starts (the plugin stops it before the app stops).
 */
export async function registerContactsSync(plugin: Plugin): Promise<ContactEventQueue> {
  const app = plugin.app;
  defineEventStore(app);
  const queue = new ContactEventQueue(app, () => userDataSync(plugin)?.resourceManager);
  app.on('afterStart', () => queue.start());
  const sync = userDataSync(plugin);
  if (sync) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { WecomSyncSource } = require('./source') as typeof import('./source');
    sync.sourceManager.registerType(SOURCE_TYPE, {
      syncSource: WecomSyncSource,
      title: `{{t("WeCom", { ns: "${NAMESPACE}" })}}`,
    });
  }
  redactSyncSourceSecretsInLogs(app);
  const once = new OnceMarks(app, `${RESOURCE}-contacts-once`);
  await once.open();
  // The resourcer types its handlers with its own context; NocoBase hands every action the full one.
  type Handler = Parameters<typeof app.resourceManager.registerActionHandler>[1];
  const handler = contactsCallback(app, once, queue) as unknown as Handler;
  // The `wecom` resource copies registered handlers only when it is defined: add it to a defined one.
  if (app.resourceManager.isDefined(RESOURCE)) {
    app.resourceManager.getResource(RESOURCE).addAction(ACTION_CONTACTS_CALLBACK, handler);
  } else {
    app.resourceManager.registerActionHandler(`${RESOURCE}:${ACTION_CONTACTS_CALLBACK}`, handler);
  }
  app.acl.allow(RESOURCE, ACTION_CONTACTS_CALLBACK, 'public');
  if (sync) {
    registerSyncPreview(app, sync.name);
  }
  return queue;
}
