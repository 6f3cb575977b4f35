// Loaded with --import into a CLI process under test: writes to fd 3 every
// module the process loads, one URL a line: ES modules as they resolve (from
// the module hooks, which run on their own thread), CommonJS modules from the
// require cache at exit.
import { writeSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const hooks = `import { writeSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  writeSync(3, r.url + '\\n');
  return r;
}`;
register('data:text/javascript,' + encodeURIComponent(hooks));
process.on('exit', () => {
  const files = Object.keys(createRequire(import.meta.url).cache);
  if (files.length > 0) writeSync(3, files.map((file) => `file://${file}\n`).join(''));
});
