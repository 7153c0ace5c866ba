/**
 * The few names of `@nocobase/client-v2` this plugin uses. The package cannot be installed here; at
 * runtime the v2 page provides it as an AMD external.
 */
declare module '@nocobase/client-v2' {
  export class Plugin<Options = any> {
    constructor(options: Options, app: any);
    options: Options;
    /** The v2 Application: `app.pm` (plugins), `app.apiClient` (HTTP client), ... */
    app: any;
    afterAdd(): Promise<void>;
    beforeLoad(): Promise<void>;
    load(): Promise<void>;
  }
}
