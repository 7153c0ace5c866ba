/**
 * Loads a built AMD bundle the way the NocoBase page's requirejs would, with a one-module `define`
 * shim: the bundle's declared dependencies are served from `provided`, nothing else.
 */
import fs from 'fs';

export interface LoadedBundle {
  id: string;
  /** Dependencies the bundle declared, without "require", "exports", "module". */
  deps: string[];
  exports: any;
}

const SPECIAL = ['require', 'exports', 'module'];

export function loadAmdBundle(file: string, provided: Record<string, unknown>): LoadedBundle {
  const calls: { id: string; deps: string[]; factory: (...args: unknown[]) => unknown }[] = [];
  const define = Object.assign(
    (id: string, deps: string[], factory: (...args: unknown[]) => unknown) => {
      calls.push({ id, deps, factory });
    },
    { amd: {} },
  );
  new Function('define', fs.readFileSync(file, 'utf8'))(define);
  if (calls.length !== 1) throw new Error(`expected one define() call, got ${calls.length}`);

  const [{ id, deps, factory }] = calls;
  const module = { exports: {} as any };
  const serve = (name: string) => {
    if (!(name in provided)) throw new Error(`the bundle needs "${name}", which the page does not provide`);
    return provided[name];
  };
  const localRequire = (name: string) => {
    if (!deps.includes(name)) throw new Error(`the bundle requires "${name}" without declaring it`);
    return serve(name);
  };
  const args = deps.map((dep) =>
    dep === 'require' ? localRequire : dep === 'exports' ? module.exports : dep === 'module' ? module : serve(dep),
  );
  const returned = factory(...args);
  return { id, deps: deps.filter((dep) => !SPECIAL.includes(dep)), exports: returned ?? module.exports };
}
