// What `npm start` runs: the bundled server (dist/src/bundle.js, made by `npm run build` from server.ts),
// with Node's compile cache on, so that V8's code for it is kept between starts instead of compiled again.
import module from 'node:module'

// Node 22.1 and later (engines); an older Node starts without it rather than failing.
module.enableCompileCache?.()
// A path tsc does not resolve: the bundle exists only once the build has made it.
await import(new URL('./bundle.js', import.meta.url).href)
