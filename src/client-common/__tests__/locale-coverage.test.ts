/** Every string the client shows has an entry in each locale file (keys are the English texts). */
import fs from 'fs';
import path from 'path';
import enUS from '../../locale/en-US.json';
import jaJP from '../../locale/ja-JP.json';
import zhCN from '../../locale/zh-CN.json';
import { MSG, REQUIRED_FIELD_LABELS, UNBOUND_REASONS } from '../../messages';
import { SUMMARY } from '../../server/sync/tally';
import { corpIdWarning, originError, redirectPathError } from '../admin-form/settings-checks';
import { ADVANCED_DESCRIPTION, ADVANCED_FIELDS, BASIC_FIELDS } from '../admin-form/settings-fields';
import { SYNC_FIELDS } from '../sync/sync-fields';
import { BY_KEY } from '../sync/SyncPreviewReport';
import { LINKED_BY_LABELS } from '../linking/linked-by';
import { CHECK_LABELS } from '../setup-check/CheckSetup';
import { CHANNEL_AUTHENTICATOR, CHANNEL_ORIGIN, NO_AUTHENTICATOR } from '../notify/channel-fields';
import * as MESSAGE_FIELDS from '../notify/message-fields';

/** Literal keys passed to t('...') in the client sources (both bundles). */
function literalKeysInSources(): string[] {
  const dirs = [path.join(__dirname, '..'), path.join(__dirname, '../../client-v2')];
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === '__tests__' ? [] : walk(full);
      return /\.tsx?$/.test(entry.name) ? [full] : [];
    });
  const files = dirs.flatMap((dir) => walk(dir));
  const keys: string[] = [];
  for (const file of files) {
    const source = fs.readFileSync(file, 'utf8');
    for (const match of source.matchAll(/\bt\(\s*(['"])((?:\\.|(?!\1).)*)\1\s*[,)]/gs)) {
      keys.push(match[2].replace(/\\(['"\\])/g, '$1'));
    }
  }
  return keys;
}

const keys = [
  ...literalKeysInSources(),
  ...[...BASIC_FIELDS, ...ADVANCED_FIELDS, ...SYNC_FIELDS].flatMap(
    (field) =>
      [field.label, field.description, ...(field.choices ?? []).map((c) => c.label)].filter(Boolean) as string[],
  ),
  ADVANCED_DESCRIPTION,
  ...Object.values(LINKED_BY_LABELS),
  ...Object.values(CHECK_LABELS),
  // The notification channel's forms.
  ...[CHANNEL_AUTHENTICATOR, CHANNEL_ORIGIN].flatMap((field) => [field.label, field.description as string]),
  NO_AUTHENTICATOR,
  ...Object.values(MESSAGE_FIELDS.MESSAGE_TYPE_LABELS),
  ...MESSAGE_FIELDS.TEXT_FIELDS.flatMap((field) => [field.label, field.description]),
  MESSAGE_FIELDS.RECEIVERS_LABEL,
  MESSAGE_FIELDS.RECEIVERS_DESCRIPTION,
  MESSAGE_FIELDS.RECEIVERS_REQUIRED,
  corpIdWarning('x') as string,
  originError('x') as string,
  redirectPathError('x') as string,
  // The sign-in page shows any message of the shared table by its id (callback-error.ts), notSetUp with field labels.
  ...Object.values(MSG),
  ...REQUIRED_FIELD_LABELS,
  // Preview's lines; the task's message of a sync (written by the server in the admin's language).
  ...Object.values(UNBOUND_REASONS),
  ...Object.values(BY_KEY),
  ...Object.values(SUMMARY),
];

describe('client locale keys', () => {
  it('finds the strings of the button and the setup guide', () => {
    expect(keys).toEqual(
      expect.arrayContaining(['Sign in with WeCom', 'Trusted domain', 'Advanced', MSG.handoffInvalid]),
    );
  });

  it.each([
    ['en-US', enUS],
    ['zh-CN', zhCN],
    ['ja-JP', jaJP],
  ])('%s has every client string', (_lang, messages: Record<string, string>) => {
    expect([...new Set(keys)].filter((key) => !messages[key])).toEqual([]);
  });

  it('en-US maps each client key to itself', () => {
    expect([...new Set(keys)].filter((key) => (enUS as Record<string, string>)[key] !== key)).toEqual([]);
  });
});
