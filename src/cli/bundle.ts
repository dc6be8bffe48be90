// `npm run build`'s bundling step: dist/src/server.js and everything it imports become one file,
// dist/src/bundle.js, which `npm start` runs (src/start.ts). Resolving and loading some 1,500 modules was
// about 0.6 s of every start (issue 15); one file is read and compiled at once.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

await build({
  entryPoints: [path.join(dist, 'server.js')],
  outfile: path.join(dist, 'bundle.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  sourcemap: 'linked',
  logLevel: 'warning',
  // These read files of their own package at run time (PGlite its WASM and data, the Swagger UI its
  // pages), found relative to their module: they stay in node_modules.
  external: ['@electric-sql/pglite', '@fastify/swagger-ui'],
  // CommonJS dependencies call require(); an ES module bundle has none of its own.
  banner: { js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);" }
})
