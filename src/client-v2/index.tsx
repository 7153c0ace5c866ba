/** Entry of the v2 client bundle (`dist/client-v2/index.js`): the default export is the plugin class. */
export { PluginAuthWecomClientV2, default } from './plugin';
