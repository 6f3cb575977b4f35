#!/usr/bin/env node
// Bundles the command line (dist/cli/bin.js, the tsc output) with esbuild into
// chunks in dist/bundle/, which bin/gitlab-omniauth.js runs: a few files per
// command path instead of ~150 modules to resolve and load at every start.
// Dynamic imports stay lazy, so each command loads only its chunks. The
// library entry (dist/index.js) stays the tsc output.
//
// esbuild splits only ES modules; each chunk is then turned into CommonJS
// (imports into require calls, dynamic ones included), which
// bin/bundle-loader.js compiles with V8's code cache. Last, a training run of
// the common command lines writes that cache (scripts/code-cache.cjs).
//
// Runs after tsc and scripts/compile-schemas.mjs in `npm run build`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, transform } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const outdir = path.join(dist, 'bundle');

/**
 * Every chunk sits in dist/bundle/, so a module's `import.meta.url` there is
 * not where tsc put it. Each one is given back its own dist/ location, so
 * paths it finds relative to itself (help.txt, compiled-schemas.cjs,
 * package.json, schemas/, templates/, data/) are the ones the tsc build uses.
 */
const ownLocation = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, (args) => {
      if (!args.path.startsWith(dist + path.sep)) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return { contents: text, loader: 'js' };
      const fromBundle = path.relative(outdir, args.path).split(path.sep).join('/');
      return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`), loader: 'js' };
    });
  },
};

/**
 * yaml's Node build is CommonJS. Bundled, a static import of it gets its named
 * exports, but a dynamic `import('yaml')` in split chunks would get only
 * `default`: such an import goes through a module that names every export.
 */
const yamlNames = Object.keys(await import('yaml')).filter((name) => name !== 'default');
const yamlDynamic = {
  name: 'yaml-dynamic-import',
  setup(b) {
    b.onResolve({ filter: /^yaml$/ }, (args) => (args.kind === 'dynamic-import' ? { path: 'yaml', namespace: 'yaml-named' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'yaml-named' }, () => ({
      contents: `export { ${yamlNames.join(', ')} } from 'yaml';\n`,
      resolveDir: root,
      loader: 'js',
    }));
  },
};

/**
 * CommonJS code in the bundle (yaml) that calls require('process') or
 * require('buffer') would reach esbuild's require shim, which throws in an ES
 * module: those built-ins come from process.getBuiltinModule instead.
 */
const builtinRequire = {
  name: 'builtin-require',
  setup(b) {
    b.onResolve({ filter: /^(node:)?[a-z_]+$/ }, (args) =>
      args.kind === 'require-call' && isBuiltin(args.path) ? { path: args.path.replace(/^node:/, ''), namespace: 'node-builtin' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (args) => ({
      contents: `module.exports = process.getBuiltinModule(${JSON.stringify(`node:${args.path}`)});\n`,
      loader: 'js',
    }));
  },
};

const result = await build({
  entryPoints: { cli: path.join(dist, 'cli/bin.js') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunk-[hash]',
  plugins: [ownLocation, yamlDynamic, builtinRequire],
  metafile: true,
  write: false,
  logLevel: 'warning',
});

/**
 * A split ES module chunk as CommonJS for bin/bundle-loader.js: static and
 * dynamic imports of other chunks become require calls (a dynamic one still
 * resolves asynchronously, as before), and `import.meta.url` is the chunk's
 * file URL.
 */
async function asCommonJs(text, file) {
  const { code } = await transform(text.replaceAll('import.meta.url', '__importMetaUrl'), {
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    supported: { 'dynamic-import': false },
    sourcefile: file,
    logLevel: 'warning',
  });
  if (/\bimport\(/.test(code)) throw new Error(`${file}: a dynamic import is left in the CommonJS chunk`);
  // bin/bundle-loader.js resolves ./chunk-*.js itself and hands anything else to Node: built-in modules only.
  for (const [, specifier] of code.matchAll(/\brequire\("([^"]+)"\)/g)) {
    if (!/^\.\/chunk-[\w-]+\.js$/.test(specifier) && !isBuiltin(specifier)) throw new Error(`${file}: requires ${specifier}, which is neither a chunk nor a Node built-in`);
  }
  const url = code.includes('__importMetaUrl') ? 'const __importMetaUrl = require("node:url").pathToFileURL(__filename).href;\n' : '';
  return url + code;
}

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
for (const output of result.outputFiles) {
  const file = path.basename(output.path);
  writeFileSync(path.join(outdir, file), file.endsWith('.js') ? await asCommonJs(output.text, file) : output.contents);
}
// The chunks are CommonJS in a package whose .js files are ES modules.
writeFileSync(path.join(outdir, 'package.json'), '{ "type": "commonjs" }\n');

/**
 * dist/bundle/packages.json: for each chunk, the npm packages bundled into it,
 * so a check on what a run loads can still name packages (a loaded chunk URL
 * says nothing by itself).
 */
const packageOf = (input) => {
  const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  return match?.[1];
};
const packages = {};
for (const [output, meta] of Object.entries(result.metafile.outputs)) {
  if (!output.endsWith('.js')) continue;
  const names = new Set(Object.keys(meta.inputs).map(packageOf).filter(Boolean));
  packages[path.basename(output)] = [...names].sort();
}
writeFileSync(path.join(outdir, 'packages.json'), `${JSON.stringify(packages, null, 1)}\n`);
console.log(`bundled dist/cli/bin.js into ${Object.keys(packages).length} chunks in ${path.relative(root, outdir)}/`);

// The training run's own output (findings, diffs) is not the build's.
const training = spawnSync(process.execPath, [path.join(root, 'scripts/code-cache.cjs')], { cwd: root, stdio: 'pipe', encoding: 'utf8' });
if (training.status !== 0) throw new Error(`scripts/code-cache.cjs failed (status ${training.status}):\n${training.stderr}`);
console.log(`wrote the code cache of ${readdirSync(outdir).filter((f) => f.endsWith('.v8-cache')).length} chunks`);
