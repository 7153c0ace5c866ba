/**
 * `npm run lint`'s import-cycle check: every relative import (type-only ones too, `require()` and `import()` of a
 * literal path as well) of the files under `src/`, and the cycles they form. Exits 1 naming each cycle's files.
 */
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const root = path.resolve(__dirname, '..', '..');
const EXTENSIONS = ['.ts', '.tsx', '.js', '/index.ts', '/index.tsx'];

function sourceFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name === '__tests__' ? [] : sourceFiles(full);
    }
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

function resolveImport(from, specifier) {
  if (!specifier.startsWith('.')) {
    return undefined;
  }
  const base = path.resolve(path.dirname(from), specifier);
  return [base, ...EXTENSIONS.map((ext) => base + ext)].find(
    (file) => fs.existsSync(file) && fs.statSync(file).isFile(),
  );
}

/** The files each file imports (within the checked set). */
function importGraph(files) {
  const known = new Set(files);
  return new Map(
    files.map((file) => {
      const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
      const targets = info.importedFiles
        .map(({ fileName }) => resolveImport(file, fileName))
        .filter((target) => target && known.has(target));
      return [file, [...new Set(targets)]];
    }),
  );
}

/** Strongly connected components of more than one file (Tarjan), or a file that imports itself. */
function cycles(graph) {
  let index = 0;
  const stack = [];
  const state = new Map();
  const found = [];
  function visit(file) {
    state.set(file, { index, low: index, onStack: true });
    index += 1;
    stack.push(file);
    for (const next of graph.get(file)) {
      if (!state.has(next)) {
        visit(next);
        state.get(file).low = Math.min(state.get(file).low, state.get(next).low);
      } else if (state.get(next).onStack) {
        state.get(file).low = Math.min(state.get(file).low, state.get(next).index);
      }
    }
    if (state.get(file).low === state.get(file).index) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        state.get(member).onStack = false;
        component.push(member);
      } while (member !== file);
      if (component.length > 1 || graph.get(file).includes(file)) {
        found.push(component);
      }
    }
  }
  for (const file of graph.keys()) {
    if (!state.has(file)) {
      visit(file);
    }
  }
  return found;
}

const graph = importGraph(sourceFiles(path.join(root, 'src')));
const found = cycles(graph);
for (const component of found) {
  console.error(`import cycle: ${component.map((file) => path.relative(root, file)).join(' → ')}`);
}
if (found.length) {
  process.exit(1);
}
console.log(`no import cycles among ${graph.size} files of src/`);
