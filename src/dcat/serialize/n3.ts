// Turtle and N-Triples through N3.js's StreamWriter, fed batch by batch with backpressure: the next
// batch is pulled from the source only once the writer has drained.
import type { Readable } from 'node:stream'
import { StreamWriter } from 'n3'
import { PREFIXES } from '../vocab.js'
import { groupBySubject, type QuadBatches } from './group.js'

export function n3Stream (batches: QuadBatches, format: 'ttl' | 'nt'): Readable {
  const writer = format === 'ttl'
    ? new StreamWriter({ format: 'Turtle', prefixes: PREFIXES })
    : new StreamWriter({ format: 'N-Triples' })
  pump(batches, writer).catch((error: unknown) => writer.destroy(error as Error))
  return writer
}

async function pump (batches: QuadBatches, writer: StreamWriter): Promise<void> {
  for await (const batch of batches) {
    // The consumer went away (client disconnected): leaving the loop closes the source.
    if (writer.destroyed) return
    let ready = true
    for (const group of groupBySubject(batch)) {
      for (const quad of group) ready = writer.write(quad)
    }
    if (!ready) await drained(writer)
  }
  if (!writer.destroyed) writer.end()
}

function drained (writer: StreamWriter): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      writer.off('drain', done).off('close', done)
      resolve()
    }
    writer.on('drain', done).on('close', done)
  })
}
