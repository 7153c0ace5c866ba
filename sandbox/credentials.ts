/**
 * Secrets of one sandbox app, made at its first run and kept in its git-ignored data folder
 * (credentials.json, readable by the owner only): the root admin's password, NocoBase's APP_KEY (tokens
 * stay valid across restarts) and the sandbox WeCom app's Secret.
 */
import { randomBytes } from 'crypto';
import fs from 'fs';
import path from 'path';

export interface Credentials {
  admin: { username: string; email: string; password: string };
  appKey: string;
  wecomSecret: string;
}

export function loadOrCreateCredentials(dataDir: string): Credentials {
  const file = path.join(dataDir, 'credentials.json');
  if (fs.existsSync(file)) {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  }
  const credentials: Credentials = {
    admin: { username: 'admin', email: 'admin@example.com', password: randomBytes(12).toString('base64url') },
    appKey: randomBytes(32).toString('hex'),
    wecomSecret: `sandbox-${randomBytes(16).toString('hex')}`,
  };
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return credentials;
}
