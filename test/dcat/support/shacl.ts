// SHACL validation against the official DCAT-AP 3.0.1 shapes in ../shared/dcat-ap, shapes parsed
// once per process. Reusable by route tests: `validateDcat(quads)` on what a route served.
// @see ../../../../shared/dcat-ap/README.md (files, traps, known upstream bugs)
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type * as RDF from '@rdfjs/types'
import { Parser, Store } from 'n3'
import SHACLValidator from 'rdf-validate-shacl'
import { parseRdf } from './rdf.js'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const SHARED = path.resolve(repoRoot, '../shared/dcat-ap')
const SH = 'http://www.w3.org/ns/shacl#'

/** Why SHACL tests skip, or false when the shared shapes are there. */
export const SHACL_SKIP: string | false = existsSync(path.join(SHARED, '3.0.1/shapes.ttl'))
  ? false
  : `the DCAT-AP shapes are not at ${SHARED} (a clone without ../shared): SHACL checks skipped`

export interface Violation {
  focus: string
  path: string | null
  value: string | null
  message: string
  shape: string
  component: string
}

/**
 * `core`: shapes.ttl + range.ttl. `vocabularies`: mdr-vocabularies.shape.ttl with the EU tables
 * loaded into the data graph, where `vocabularyViolations` are about the tables' own nodes.
 */
export type Profile = 'core' | 'vocabularies' | 'recommended'

const PROFILES: Record<Profile, string[]> = {
  core: ['3.0.1/shapes.ttl', '3.0.1/range.ttl'],
  vocabularies: ['3.0.1/mdr-vocabularies.shape.ttl'],
  recommended: ['3.0.1/shapes_recommended.ttl', '3.0.1/deprecateduris.ttl']
}

function parseTurtleFile (file: string): RDF.Quad[] {
  return new Parser({ format: 'Turtle', baseIRI: `file://${file}` }).parse(readFileSync(file, 'utf8'))
}

const validators = new Map<Profile, SHACLValidator>()
let vocabularies: Promise<RDF.Quad[]> | undefined

function validator (profile: Profile): SHACLValidator {
  let cached = validators.get(profile)
  if (cached === undefined) {
    // owl:imports name background ontologies the engine would have to fetch: the checks need none of them.
    const shapes = new Store(PROFILES[profile].flatMap((file) => parseTurtleFile(path.join(SHARED, file)))
      .filter((quad) => quad.predicate.value !== 'http://www.w3.org/2002/07/owl#imports'))
    // maxNodeChecks is passed on to the engine but missing from the Options type. Without 0, a value
    // shared by more than 50 nodes (one licence for every distribution) is checked only partly.
    cached = new SHACLValidator(shapes, { maxNodeChecks: 0 } as ConstructorParameters<typeof SHACLValidator>[1])
    validators.set(profile, cached)
  }
  return cached
}

function loadVocabularies (): Promise<RDF.Quad[]> {
  vocabularies ??= Promise.all(readdirSync(path.join(SHARED, 'vocabularies'))
    .filter((name) => /\.(ttl|rdf)$/.test(name))
    .map((name) => parseRdf(readFileSync(path.join(SHARED, 'vocabularies', name), 'utf8'), name.endsWith('.ttl') ? 'ttl' : 'rdf')))
    .then((tables) => tables.flat())
  return vocabularies
}

const show = (term: RDF.Term | null | undefined): string | null =>
  term == null ? null : term.termType === 'BlankNode' ? `_:${term.value}` : term.value

export interface Validation {
  violations: Violation[]
  /** Violations about the EU tables' own nodes (profile `vocabularies`). */
  vocabularyViolations: Violation[]
  /** sh:Warning results on the feed's nodes: recommended properties a harvester would have liked. */
  warnings: Violation[]
}

export async function validateDcat (quads: Iterable<RDF.Quad>, profile: Profile = 'core'): Promise<Validation> {
  const feed = [...quads]
  const data = new Store(feed)
  if (profile === 'vocabularies') data.addQuads(await loadVocabularies())
  const report = await validator(profile).validate(data)
  const subjects = new Set(feed.map((quad) => show(quad.subject)))
  const violations: Violation[] = []
  const vocabularyViolations: Violation[] = []
  const warnings: Violation[] = []
  for (const result of report.results) {
    const severity = result.severity.value
    if (severity !== `${SH}Violation` && severity !== `${SH}Warning`) continue
    const violation = {
      focus: show(result.focusNode)!,
      path: show(result.path),
      value: show(result.value),
      message: result.message.map((term) => term.value).join(' '),
      shape: show(result.sourceShape)!,
      component: show(result.sourceConstraintComponent)!
    }
    if (severity === `${SH}Warning`) {
      if (subjects.has(violation.focus)) warnings.push(violation)
    } else {
      (subjects.has(violation.focus) ? violations : vocabularyViolations).push(violation)
    }
  }
  return { violations, vocabularyViolations, warnings }
}

/**
 * The one known upstream bug of mdr-vocabularies.shape.ttl: it wants spdx:algorithm under
 * `https://spdx.org/rdf/terms`, but the real SPDX IRIs are http (README trap 6).
 */
export function isUpstreamChecksumAlgorithmBug (violation: Violation): boolean {
  return violation.path === 'http://spdx.org/rdf/terms#algorithm' &&
    violation.value === 'http://spdx.org/rdf/terms#checksumAlgorithm_sha256' &&
    violation.component === `${SH}NodeConstraintComponent`
}
