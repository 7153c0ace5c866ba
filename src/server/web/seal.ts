import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'crypto';

/**
 * Values the server hands to a browser and takes back unchanged: sealed (AES-256-GCM, so a browser can neither
 * read nor alter them) or signed (HMAC-SHA256, for the OAuth `state` WeCom carries around). The keys are derived
 * from the app's `APP_KEY`, one per purpose, so a value sealed for one purpose never opens for another.
 */
export type Purpose = 'flow' | 'handoff' | 'state' | 'link' | 'open';

function keyFor(purpose: Purpose): Buffer {
  const secret = process.env.APP_KEY;
  if (!secret) {
    throw new Error('APP_KEY is not set: WeCom sign-in cannot seal its browser cookies');
  }
  return Buffer.from(hkdfSync('sha256', secret, 'nocobase-plugin-auth-wecom', `wecom-${purpose}`, 32));
}

/** JSON → `base64url(iv ‖ tag ‖ ciphertext)`. */
export function seal(purpose: Purpose, value: unknown): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(purpose), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The sealed value, or undefined for anything this server did not seal for this purpose. */
export function unseal<T>(purpose: Purpose, sealed: unknown): T | undefined {
  if (typeof sealed !== 'string' || sealed.length < 40 || sealed.length > 4096 || !/^[\w-]+$/.test(sealed)) {
    return undefined;
  }
  try {
    const raw = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', keyFor(purpose), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** A hex HMAC of `parts` (joined by newlines), truncated to `hexLength`. */
export function sign(purpose: Purpose, parts: string[], hexLength = 32): string {
  return createHmac('sha256', keyFor(purpose)).update(parts.join('\n')).digest('hex').slice(0, hexLength);
}

/** Compares two strings in constant time (for MACs and codes). */
export function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}
