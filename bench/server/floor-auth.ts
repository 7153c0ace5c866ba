/**
 * The floor: a test-only auth type whose validate() finds the user by the same WeCom binding as a QR
 * sign-in, with the plugin's own lookup, and calls nothing upstream. Signing in with it through
 * `auth:signIn` is what NocoBase itself costs for a sign-in.
 */
import { AuthConfig, BaseAuth } from '@nocobase/auth';
import { userForMember } from '../../src/server/accounts/users';
import { FLOOR_AUTH_TYPE } from '../people';

class FloorAuth extends BaseAuth {
  constructor(config: AuthConfig) {
    super({ ...config, userCollection: config.ctx.db.getCollection('users') });
  }

  async validate() {
    const { userid } = this.ctx.action.params.values || {};
    if (typeof userid !== 'string' || !userid) {
      this.ctx.throw(400, 'userid is required');
    }
    // Options name the WeCom authenticator whose bindings to read, and its Corp ID.
    const { binding, corpId } = this.options;
    return userForMember(
      this.ctx.app,
      { userid, inClient: false },
      { authenticator: binding, corpId, autoSignup: false, privilegedRoles: [] },
    );
  }
}

export function registerFloorAuth(app: any) {
  app.authManager.registerTypes(FLOOR_AUTH_TYPE, { auth: FloorAuth as any, title: 'Benchmark floor' });
}
