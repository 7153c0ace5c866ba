/** What the client plugins' start-up tests share: NocoBase's order of start-up, and where the page is. */

interface PluginLike {
  afterAdd(): Promise<void>;
  beforeLoad(): Promise<void>;
  load(): Promise<void>;
}

/** NocoBase's order of start-up for `plugin`, up to the first request of the rendered app (`auth:check`). */
export async function startPlugin(plugin: PluginLike, app: { apiClient: { request(config: any): Promise<unknown> } }) {
  await plugin.afterAdd();
  await plugin.beforeLoad();
  await plugin.load();
  await app.apiClient.request({ url: 'auth:check', skipAuth: true });
}

/** The page's address as the address bar shows it (path, query and hash). */
export const here = () => `${window.location.pathname}${window.location.search}${window.location.hash}`;
