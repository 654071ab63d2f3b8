// Jest (ESM mode on Node 20) cannot require() an ES module, yet fastify's inject (light-my-request) and
// @fastify/static require `cookie` and `content-disposition`, which are ESM-only. Node itself loads them fine;
// only the test runtime needs this. It evaluates the package's real code as CommonJS: the files consist of
// plain functions with `export function` declarations, and anything else (an import, another export form)
// fails loudly here so a new version is noticed rather than half-loaded.
const fs = require('node:fs');
const path = require('node:path');

module.exports = function loadEsmPackage(name) {
  const root = path.join(__dirname, '..', '..', '..', 'node_modules', name);
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const entry = path.join(root, typeof pkg.exports === 'string' ? pkg.exports : pkg.main);
  const source = fs.readFileSync(entry, 'utf8');
  if (/^\s*import\s/m.test(source)) throw new Error(`test shim: ${name} ${pkg.version} imports other modules; extend test/support/cjs/esm-package.cjs`);
  const names = [];
  const body = source.replace(/^export\s+(function|const|let|class)\s+([A-Za-z_$][\w$]*)/gm, (_m, kind, id) => {
    names.push(id);
    return `${kind} ${id}`;
  });
  if (/^\s*export\s/m.test(body)) throw new Error(`test shim: ${name} ${pkg.version} has an export form the shim does not handle`);
  return new Function(`${body}\nreturn { ${names.join(', ')} };`)();
};
