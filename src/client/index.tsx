/** Entry of the v1 client bundle (`dist/client/index.js`): the default export is the plugin class. */
export { PluginAuthWecomClient, default } from './plugin';
