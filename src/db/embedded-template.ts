// A new embedded database starts as a copy of a data folder made and migrated at build time: PGlite's
// initdb took most of a first start (about 10 s of 15 on 2 busy cores, issue 15); a native copy of its
// result takes a fraction of a second. Without the template (source checkout, tests) PGlite runs initdb.
import { access, chmod, cp, readdir, rename, rm } from 'node:fs/promises'
import path from 'node:path'
import { EMBEDDED_TEMPLATE_DIR } from '../paths.js'

async function exists (file: string): Promise<boolean> {
  return await access(file).then(() => true, () => false)
}

/** A PostgreSQL data folder is one holding PG_VERSION. */
export async function isDataFolder (dir: string): Promise<boolean> {
  return await exists(path.join(dir, 'PG_VERSION'))
}

/**
 * Fills `dir` with a copy of the template when `dir` holds no database yet and the template exists.
 * The copy goes to a sibling folder renamed into place, so an interrupted copy is never opened.
 * @returns whether the template was copied.
 */
export async function copyEmbeddedTemplate (dir: string, template = EMBEDDED_TEMPLATE_DIR): Promise<boolean> {
  if (await isDataFolder(dir) || !await isDataFolder(template)) return false
  const partial = `${dir}.partial`
  await rm(partial, { recursive: true, force: true })
  await cp(template, partial, { recursive: true })
  try {
    // rename(2) replaces an empty folder; a non-empty one without PG_VERSION is left to PGlite.
    await rename(partial, dir)
    return true
  } catch {
    await rm(partial, { recursive: true, force: true })
    return false
  }
}

/**
 * Lets every user read the template: the service may run as another user than the one who built it
 * (the Docker image builds as root and runs as `node`), and PGlite writes some of its files owner-only.
 */
export async function makeReadableByAll (template: string): Promise<void> {
  await chmod(template, 0o755)
  for (const entry of await readdir(template, { withFileTypes: true, recursive: true })) {
    await chmod(path.join(entry.parentPath, entry.name), entry.isDirectory() ? 0o755 : 0o644)
  }
}
