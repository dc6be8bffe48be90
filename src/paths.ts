// Folders the code finds beside itself. This file sits one level below them both in the sources (src/, under
// the repository) and compiled (dist/src/, under dist/), and so does the bundled server (dist/src/bundle.js),
// which is why every such path is resolved here rather than from the module that uses it.
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export const MIGRATIONS_DIR = path.join(ROOT, 'migrations')

/** `dist/embedded-template/`, written by `npm run build` (src/cli/embedded-template.ts). */
export const EMBEDDED_TEMPLATE_DIR = path.join(ROOT, 'embedded-template')
