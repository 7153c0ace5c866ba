/**
 * Modules the NocoBase page provides to plugin bundles through requirejs (NocoBase's client build
 * treats the same list as provided). A bundle imports these at runtime instead of carrying its own copy.
 */
const SHARED = [
  'react',
  'react-dom',
  'react/jsx-runtime',
  'react-router',
  'react-router-dom',
  'antd',
  'antd-style',
  '@ant-design/icons',
  '@ant-design/cssinjs',
  'i18next',
  'react-i18next',
  '@formily/antd-v5',
  '@formily/core',
  '@formily/react',
  '@formily/shared',
  '@formily/json-schema',
  '@formily/reactive',
  '@formily/path',
  '@formily/validator',
  '@formily/reactive-react',
  '@nocobase/utils',
  '@nocobase/utils/client',
  '@nocobase/evaluators',
  '@nocobase/flow-engine',
  '@dnd-kit/core',
  '@dnd-kit/sortable',
  'axios',
  'dayjs',
  'lodash',
  'ahooks',
  '@emotion/css',
  'file-saver',
];

/** v1 page (`/admin`): the shared list plus the v1 client; every enabled plugin as `<pkg>` and `<pkg>/client`. */
const V1 = {
  modules: [...SHARED, '@nocobase/client', '@nocobase/sdk'],
  plugin: /^@nocobase\/plugin-[a-z0-9-]+(\/client)?$/,
};

/** v2 page (`/v/`): no v1 client or sdk; the v2 client instead; plugins as `<pkg>` and `<pkg>/client-v2`. */
const V2 = {
  modules: [...SHARED, '@nocobase/client-v2', '@ctrl/tinycolor'],
  plugin: /^@nocobase\/plugin-[a-z0-9-]+(\/client-v2)?$/,
};

function isProvided(page, specifier) {
  return page.modules.includes(specifier) || page.plugin.test(specifier);
}

/** `react/jsx-runtime` → `react`, `@nocobase/utils/client` → `@nocobase/utils`. */
function packageNameOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

module.exports = { V1, V2, isProvided, packageNameOf };
