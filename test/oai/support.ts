// Shared by the OAI-PMH tests: the schema check (xmllint-wasm against the schemas in ./xsd), a small
// reader of responses, and requests.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance } from 'fastify'
import { validateXML } from 'xmllint-wasm'

const XSD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'xsd')
const schemaFiles = Promise.all(['harness.xsd', 'OAI-PMH.xsd', 'oai_dc.xsd', 'dc.xsd'].map(async fileName =>
  ({ fileName, contents: await readFile(path.join(XSD, fileName), 'utf8') })))

/** The schema errors of responses, checked in one run of xmllint (each run costs most of a second); empty when all are valid. */
export async function schemaErrors (xmls: readonly string[]): Promise<string[]> {
  const [harness, ...others] = await schemaFiles
  const xml = xmls.map((contents, index) => ({ fileName: `response-${index}.xml`, contents }))
  const result = await validateXML({ xml, schema: harness!, preload: others })
  return result.errors.map(error => error.rawMessage)
}

/** Keeps every response of a test file, to check them all against the schemas at its end. */
export const seen: string[] = []

// The responses are this repository's own and schema-checked: their few fields are read with patterns.

/** The error code, or null. */
export function errorCode (xml: string): string | null {
  return /<error code="(\w+)">/.exec(xml)?.[1] ?? null
}

export interface HeaderInfo { identifier: string, datestamp: string, deleted: boolean, sets: string[] }

export function headers (xml: string): HeaderInfo[] {
  return [...xml.matchAll(/<header( status="deleted")?>([\s\S]*?)<\/header>/g)].map(match => ({
    identifier: /<identifier>([^<]*)<\/identifier>/.exec(match[2]!)![1]!,
    datestamp: /<datestamp>([^<]*)<\/datestamp>/.exec(match[2]!)![1]!,
    deleted: match[1] !== undefined,
    sets: [...match[2]!.matchAll(/<setSpec>([^<]*)<\/setSpec>/g)].map(m => m[1]!)
  }))
}

export interface TokenInfo { value: string, completeListSize: number | null, cursor: number | null }

export function resumptionToken (xml: string): TokenInfo | null {
  const match = /<resumptionToken([^>]*?)(?:\/>|>([^<]*)<\/resumptionToken>)/.exec(xml)
  if (match === null) return null
  const attribute = (name: string): number | null => {
    const value = new RegExp(`${name}="(\\d+)"`).exec(match[1]!)?.[1]
    return value === undefined ? null : Number(value)
  }
  return { value: match[2] ?? '', completeListSize: attribute('completeListSize'), cursor: attribute('cursor') }
}

/** The content of each record's `metadata` element. */
export function metadataOf (xml: string): string[] {
  return [...xml.matchAll(/<metadata>\n([\s\S]*?)\s*<\/metadata>/g)].map(match => match[1]!)
}

export async function oai (app: FastifyInstance, query: string): Promise<{ status: number, type: string | undefined, body: string }> {
  const res = await app.inject({ method: 'GET', url: `/oai?${query}` })
  seen.push(res.body)
  return { status: res.statusCode, type: res.headers['content-type'] as string | undefined, body: res.body }
}
