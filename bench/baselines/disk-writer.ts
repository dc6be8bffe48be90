// The upload baseline, in a process of its own: reads a file and writes the same bytes to disk while
// computing their sha256, which is the least work a streaming upload must do.
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'

async function copy (from: string, to: string): Promise<{ ms: number, sha256: string }> {
  const hash = createHash('sha256')
  const started = performance.now()
  const hashing = new Transform({ transform (chunk: Buffer, _encoding, done) { hash.update(chunk); done(null, chunk) } })
  await pipeline(createReadStream(from), hashing, createWriteStream(to))
  const ms = performance.now() - started
  await rm(to)
  return { ms, sha256: hash.digest('hex') }
}

process.on('message', ({ from, to }: { from: string, to: string }) => {
  copy(from, to).then(answer => process.send?.(answer), (err: Error) => process.send?.({ error: err.message }))
})
process.on('disconnect', () => process.exit(0))
