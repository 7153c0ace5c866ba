import type { Context, Next } from '@nocobase/actions';
import type { HandlerType } from '@nocobase/resourcer';
import type Application from '@nocobase/server';
import { ACTION_PREVIEW_SYNC, RESOURCE } from '../../constants';
import { MSG } from '../../messages';
import { requestLanguage, translate } from '../i18n';
import { wecomRuntime } from '../wecom/app-runtime';
import { createContactsClient } from '../wecom/contacts';
import { readSyncSettings, SOURCE_TYPE, toSyncError } from './options';
import { readOrg } from './org';
import { previewSync } from './preview';
import type { SyncPreview } from '../../sync-preview';

/**
 * `POST wecom:previewSync` `{ name }`: Preview of a saved WeCom sync source (preview.ts), for those who may manage
 * the sources: the ACL snippet of NocoBase's user data synchronization (`pm.<its name>`, which also gives
 * `userData:pull`) lets a role preview; nothing else does (root passes every check). A setup or WeCom error
 * answers 400 with the message the pull would end with, in the admin's language.
 */
export function registerSyncPreview(app: Application, syncPluginName: string) {
  // The resourcer types its handlers with its own context; NocoBase hands every action the full one.
  const handler = previewSyncAction as unknown as HandlerType;
  if (app.resourceManager.isDefined(RESOURCE)) {
    app.resourceManager.getResource(RESOURCE).addAction(ACTION_PREVIEW_SYNC, handler);
  } else {
    app.resourceManager.registerActionHandler(`${RESOURCE}:${ACTION_PREVIEW_SYNC}`, handler);
  }
  app.acl.registerSnippet({ name: `pm.${syncPluginName}`, actions: [`${RESOURCE}:${ACTION_PREVIEW_SYNC}`] });
}

async function previewSyncAction(ctx: Context, next: Next) {
  const lang = requestLanguage(ctx);
  const name = String(ctx.action.params.values?.name ?? ctx.action.params.name ?? '');
  const source = name
    ? await ctx.db.getRepository('userDataSyncSources').findOne({ filter: { name, sourceType: SOURCE_TYPE } })
    : null;
  if (!source) {
    ctx.throw(404, translate(ctx, lang, MSG.syncPreviewNoSource, { name }));
  }
  let preview: SyncPreview;
  try {
    const settings = await readSyncSettings(ctx.app, name, source.get('options'));
    const org = await readOrg(createContactsClient(settings.config, wecomRuntime(ctx.app)));
    preview = await previewSync(ctx.app, settings, org, (key, params) => translate(ctx, lang, key, params));
  } catch (error) {
    const failure = toSyncError(error);
    ctx.app.logger.warn('WeCom sync: Preview could not run', {
      method: 'wecom-sync',
      source: name,
      error: String(error),
    });
    return ctx.throw(400, translate(ctx, lang, failure.messageKey, failure.params));
  }
  ctx.body = preview;
  await next();
}
