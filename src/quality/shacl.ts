// The dcatApCompliance measurement: the dataset's own DCAT-AP quads (the mapping the feed serves, hexBinary
// checksums as DCAT-AP 3 requires) validated against the official 3.0.1 shapes (shapes.ttl + range.ttl).
// The shapes are read from QUALITY_SHAPES_DIR once per process; without them the indicator stays "not checked".
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Quad } from '@rdfjs/types'
import { Parser, Store } from 'n3'
import type SHACLValidator from 'rdf-validate-shacl'

const VIOLATION = 'http://www.w3.org/ns/shacl#Violation'
const FILES = ['shapes.ttl', 'range.ttl']

const validators = new Map<string, Promise<SHACLValidator>>()

async function validator (dir: string): Promise<SHACLValidator> {
  let cached = validators.get(dir)
  if (cached === undefined) {
    cached = (async () => {
      // Loaded on first use: the engine is only needed where the shapes are installed.
      const { default: Validator } = await import('rdf-validate-shacl')
      const shapes = new Store(FILES.flatMap(file => {
        const full = path.join(dir, file)
        return new Parser({ format: 'Turtle', baseIRI: `file://${full}` }).parse(readFileSync(full, 'utf8'))
      }))
      // maxNodeChecks is passed to the engine but missing from the Options type (see test/dcat/support/shacl.ts).
      return new Validator(shapes, { maxNodeChecks: 0 } as ConstructorParameters<typeof Validator>[1])
    })()
    validators.set(dir, cached)
    cached.catch(() => validators.delete(dir))
  }
  return cached
}

/** The number of sh:Violation results for these quads; null when the shapes are not configured or not readable. */
export async function countViolations (shapesDir: string | undefined, quads: readonly Quad[]): Promise<number | null> {
  if (shapesDir === undefined) return null
  let engine: SHACLValidator
  try {
    engine = await validator(shapesDir)
  } catch {
    // Shapes missing or unreadable: the indicator stays "not checked" rather than failing the request.
    return null
  }
  const report = await engine.validate(new Store([...quads]))
  return report.results.filter(result => result.severity.value === VIOLATION).length
}
