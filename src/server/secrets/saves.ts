/**
 * Saving a WeCom authenticator or sync source: a write-only setting the form left empty keeps the stored value
 * (`keepStored`), per record, whatever action or plugin saves it. A record that stops being a WeCom one loses its
 * write-only values, so a change of type cannot turn them into readable options.
 */
import type { Context } from '@nocobase/actions';
import type { Model } from '@nocobase/database';
import type Application from '@nocobase/server';
import { MSG } from '../failures';
import { requestLanguage, translate } from '../i18n';
import { dropSecrets, keepStored, NotKeptError, WRITE_ONLY_KINDS, type WriteOnlyKind } from './values';

export function keepSecretsOnSave(app: Application) {
  for (const kind of WRITE_ONLY_KINDS) {
    app.db.on(`${kind.collection}.beforeSave`, (model: Model, options: { context?: Context }) =>
      keepOnSave(kind, model, options?.context),
    );
  }
}

function keepOnSave(kind: WriteOnlyKind, model: Model, ctx: Context | undefined) {
  const isNew = model.isNewRecord;
  if (model.get(kind.typeField) !== kind.type) {
    if (!isNew && model.previous(kind.typeField) === kind.type) {
      model.set('options', dropSecrets(kind, model.get('options')));
    }
    return;
  }
  if (!isNew && !model.changed('options')) {
    return;
  }
  try {
    model.set('options', keepStored(kind, model.get('options'), isNew ? undefined : model.previous('options')));
  } catch (error) {
    if (!(error instanceof NotKeptError)) throw error;
    const key = error.setting === 'secret' ? MSG.secretNotKept : MSG.proxyPasswordNotKept;
    const message = ctx?.app ? translate(ctx, requestLanguage(ctx), key) : key;
    throw Object.assign(new Error(message), { status: 400, code: error.setting + 'NotKept' });
  }
}
