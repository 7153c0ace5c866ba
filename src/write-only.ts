/**
 * Write-only settings (the Secret, the change-event Token and EncodingAESKey, a proxy's password): the server never
 * answers them, the forms show that one is set and keep it when left empty. Shared by the server and both clients;
 * nothing here imports NocoBase.
 */

/**
 * The key, in the `options` the server answers, listing the write-only settings that hold a value it withheld,
 * as paths under `options` (`['wecom.secret']`). A save ignores it.
 */
export const STORED_SECRETS = 'storedSecrets';

/** What an answer shows instead of a proxy's saved password (`http://user:********@host:port`); sent back, it keeps it. */
export const PASSWORD_MASK = '********';

/** Whether `options[STORED_SECRETS]` (as answered) says the setting at `path` (under `options`) holds a value. */
export function isStoredSecret(storedSecrets: unknown, path: string[]): boolean {
  return Array.isArray(storedSecrets) && storedSecrets.includes(path.join('.'));
}
