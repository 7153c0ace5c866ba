#!/usr/bin/env node
/**
 * Where a CPU profile's time went: `node bench/profile-summary.js FILE.cpuprofile [FILE2.cpuprofile]`.
 * Self time by package (node_modules/<package>, this plugin's source, Node internals, GC, idle) and the top
 * functions. With two files (e.g. a QR-only and a floor-only run, BENCH_KINDS=qr / floor) it prints both
 * side by side, in ms of CPU per sign-in when the sign-in counts are given as `FILE:COUNT`.
 */
const fs = require('fs');

function load(arg) {
  const [file, count] = arg.split(/:(?=\d+$)/);
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const selfUs = new Map();
  const deltas = profile.timeDeltas || [];
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) || 0) + (deltas[i + 1] ?? deltas[i] ?? 0)));
  const byPackage = new Map();
  const byFunction = new Map();
  let total = 0;
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) || 0;
    if (!us) continue;
    const pkg = packageOf(node.callFrame);
    if (pkg !== '(idle)') total += us;
    byPackage.set(pkg, (byPackage.get(pkg) || 0) + us);
    const fn = `${node.callFrame.functionName || '(anonymous)'} ${shortUrl(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) || 0) + us);
  }
  return { file, count: count ? Number(count) : undefined, byPackage, byFunction, total };
}

function packageOf({ url, functionName }) {
  if (!url) {
    if (['(idle)', '(garbage collector)', '(program)'].includes(functionName)) return functionName;
    return '(native)';
  }
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (url.includes('/src/server/')) return 'plugin: src/server';
  if (url.includes('/bench/')) return 'bench';
  if (url.startsWith('node:')) return 'node: ' + url.slice(5).split('/')[0];
  return url;
}

function shortUrl(url) {
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) return url.slice(modules + 'node_modules/'.length);
  const src = url.indexOf('/src/');
  return src >= 0 ? url.slice(src + 1) : url.replace(/^.*\//, '');
}

function table(profiles, key, limit) {
  const unit = profiles.every((p) => p.count) ? 'ms/sign-in' : 'ms';
  const value = (p, name) => (p[key].get(name) || 0) / 1000 / (p.count || 1);
  const names = new Set(profiles.flatMap((p) => [...p[key].keys()]));
  const rows = [...names]
    .filter((name) => name !== '(idle)')
    .sort((a, b) => value(profiles[0], b) - value(profiles[0], a))
    .slice(0, limit);
  const head = profiles.map((p, i) => `#${i + 1} ${unit}`.padStart(14)).join('');
  console.log(`${head}  ${key === 'byPackage' ? 'package' : 'function'}`);
  for (const name of rows) {
    console.log(`${profiles.map((p) => value(p, name).toFixed(3).padStart(14)).join('')}  ${name}`);
  }
  console.log(
    `${profiles.map((p) => (p.total / 1000 / (p.count || 1)).toFixed(3).padStart(14)).join('')}  total CPU (not idle)\n`,
  );
}

const args = process.argv.slice(2);
if (!args.length) {
  console.error('usage: node bench/profile-summary.js FILE.cpuprofile[:SIGNINS] [FILE2.cpuprofile[:SIGNINS]]');
  process.exit(1);
}
const profiles = args.map(load);
profiles.forEach((p, i) => console.log(`#${i + 1} ${p.file}${p.count ? ` (${p.count} sign-ins)` : ''}`));
console.log('');
table(profiles, 'byPackage', 25);
table(profiles, 'byFunction', 40);
