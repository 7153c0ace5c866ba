/**
 * The few names of `@nocobase/client-v2` this plugin uses. The package cannot be installed here; at
 * runtime the v2 page provides it as an AMD external. Its `Plugin` has the lifecycle of v1's (declared in
 * src/client/nocobase-client.d.ts); `app` is then the v2 Application.
 */
declare module '@nocobase/client-v2' {
  export { Plugin } from '@nocobase/client';
}
