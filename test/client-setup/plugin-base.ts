/**
 * `@nocobase/client` / `@nocobase/client-v2` as the plugin tests need them: the page provides these modules at
 * runtime and they cannot be installed here, so a test mocks them with this base class (through `require` in
 * the `jest.mock` factory, which jest hoists above the imports).
 */
export function fakePluginModule() {
  return {
    Plugin: class {
      constructor(
        public options: unknown,
        public app: unknown,
      ) {}
      async afterAdd() {}
      async beforeLoad() {}
      async load() {}
    },
  };
}
