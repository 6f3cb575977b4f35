// Loaded with --import into a CLI process under test: writes to fd 3 every
// module the process loads, one URL a line: ES modules as they resolve (from
// the module hooks, which run on their own thread), CommonJS modules from the
// require cache at exit, and the bundle's chunks from bin/bundle-loader.js,
// which compiles them itself.
import { writeSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

const hooks = `import { writeSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  writeSync(3, r.url + '\\n');
  return r;
}`;
register('data:text/javascript,' + encodeURIComponent(hooks));
const require = createRequire(import.meta.url);
const bundleLoader = require.resolve('../../bin/bundle-loader.js');
process.on('exit', () => {
  const files = Object.keys(require.cache);
  const chunks = [...(require.cache[bundleLoader]?.exports.loaded.keys() ?? [])];
  const urls = [...files, ...chunks].map((file) => `${pathToFileURL(file).href}\n`);
  if (urls.length > 0) writeSync(3, urls.join(''));
});
