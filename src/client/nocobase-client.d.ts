/**
 * The few names of `@nocobase/client` (v1) this plugin uses. The package cannot be installed here; at
 * runtime the NocoBase page provides it as an AMD external.
 */
declare module '@nocobase/client' {
  export class Plugin<Options = any> {
    constructor(options: Options, app: any);
    options: Options;
    /** The NocoBase Application: `app.pm` (plugins), `app.apiClient` (HTTP client), ... */
    app: any;
    afterAdd(): Promise<void>;
    beforeLoad(): Promise<void>;
    load(): Promise<void>;
  }
  /** An entry of a settings menu (the user center's, for one): its children are the label. */
  export const SchemaSettingsItem: import('react').FC<{
    eventKey?: string;
    title: string;
    onClick?: () => void;
    children?: import('react').ReactNode;
  }>;
}
