/**
 * The benchmark's people, derived from an index so that the driver (emulator members, browsers) and the
 * server process (users, bindings) agree without passing lists around.
 */

/** Names of the two authenticators the server process creates and the driver signs in through. */
export const WECOM_AUTHENTICATOR = 'wecom_bench';
export const FLOOR_AUTHENTICATOR = 'bench_floor';
export const FLOOR_AUTH_TYPE = 'bench-floor';

/** The emulated WeCom app. The Secret is a throwaway of the benchmark's own emulator. */
export const CORP = { corpId: 'wwbench0123456789', agentId: '1000002', secret: 'bench-emulator-secret' };

/** Every benchmark user has this password (NocoBase stores it as a scrypt hash). */
export const PASSWORD = 'Bench-password-1';

export interface Person {
  /** WeCom userid (mixed case: bindings keep it in lower case). */
  userid: string;
  /** NocoBase username, for the password sign-in. */
  username: string;
  /** Mobile number: NocoBase users.phone and the emulator member's mobile. */
  phone: string;
}

const pad = (index: number) => String(index).padStart(5, '0');

/** Members already bound to the WeCom authenticator: QR, floor and password sign in as them. */
export function boundPerson(index: number): Person {
  return { userid: `Bound${pad(index)}`, username: `bound_${pad(index)}`, phone: `1390${pad(index).padStart(7, '0')}` };
}

/** Members whose user exists (same phone) but who have never signed in with WeCom. */
export function firstPerson(index: number): Person {
  return { userid: `First${pad(index)}`, username: `first_${pad(index)}`, phone: `1380${pad(index).padStart(7, '0')}` };
}

/** The notification row's members (bench/notify.ts), and its two channels: WeCom, and the floor (WeCom stubbed out). */
export const notifyUserid = (index: number) => `Notify${String(index).padStart(5, '0')}`;
export const NOTIFY_CHANNEL = 'wecom_bench_notify';
export const FLOOR_NOTIFY_CHANNEL = 'wecom_bench_notify_floor';

/** One timed send of the notification row: from NocoBase's `send()` to its send log's row. */
export interface NotifySend {
  ms: number;
  status: string;
  reason: string;
}

export function range<T>(count: number, make: (index: number) => T): T[] {
  return Array.from({ length: count }, (_, index) => make(index));
}
