// Turtle and N-Triples through N3.js's Writer, one string per batch: the Writer appends to a buffer
// that each batch empties. (N3.js's StreamWriter pushes one chunk per triple, and the response then
// made one write per triple: millions of small writes for the full catalogue.)
import { Writer } from 'n3'
import { PREFIXES } from '../vocab.js'
import { groupBySubject, type QuadBatches } from './group.js'

export async function * n3Chunks (batches: QuadBatches, format: 'ttl' | 'nt'): AsyncGenerator<string> {
  let buffer = ''
  const output = {
    write: (chunk: string): void => { buffer += chunk },
    end: (): void => {}
  }
  const writer = format === 'ttl'
    ? new Writer(output, { format: 'Turtle', prefixes: PREFIXES })
    : new Writer(output, { format: 'N-Triples' })
  const take = (): string => {
    const chunk = buffer
    buffer = ''
    return chunk
  }
  for await (const batch of batches) {
    for (const group of groupBySubject(batch)) {
      for (const quad of group) writer.addQuad(quad)
    }
    if (buffer !== '') yield take()
  }
  writer.end()
  if (buffer !== '') yield take()
}
