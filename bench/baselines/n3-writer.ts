// The full-catalogue baseline, in a process of its own: parses a Turtle file into memory once, then on
// each request writes those same triples with N3.js's StreamWriter to a sink that only counts bytes.
import { createReadStream } from 'node:fs'
import { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { StreamParser, StreamWriter, type Quad } from 'n3'

let quads: Quad[] = []
let prefixes: Record<string, string> = {}

async function load (file: string): Promise<{ triples: number }> {
  const parser = new StreamParser()
  const loaded: Quad[] = []
  const found: Record<string, string> = {}
  parser.on('prefix', (prefix: string, iri: { value: string }) => { found[prefix] = iri.value })
  parser.on('data', (quad: Quad) => { loaded.push(quad) })
  await pipeline(createReadStream(file), parser)
  quads = loaded
  prefixes = found
  return { triples: quads.length }
}

async function write (): Promise<{ ms: number, bytes: number }> {
  let bytes = 0
  const sink = new Writable({ write (chunk: Buffer | string, _encoding, done) { bytes += chunk.length; done() } })
  const started = performance.now()
  await pipeline(Readable.from(quads), new StreamWriter({ prefixes }), sink)
  return { ms: performance.now() - started, bytes }
}

process.on('message', (message: { load?: string, write?: true }) => {
  const task = message.load !== undefined ? load(message.load) : write()
  task.then(answer => process.send?.(answer), (err: Error) => process.send?.({ error: err.message }))
})
process.on('disconnect', () => process.exit(0))
