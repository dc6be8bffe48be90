// A multipart upload streamed from a file, as a publisher's script would send it, and the file itself.
import { randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import http from 'node:http'
import { once } from 'node:events'

const MIB = 1024 * 1024

/** Writes `bytes` random bytes (not compressible, so nothing downstream can shortcut them). */
export async function writeRandomFile (file: string, bytes: number): Promise<void> {
  const out = createWriteStream(file)
  for (let written = 0; written < bytes; written += MIB) {
    if (!out.write(randomBytes(Math.min(MIB, bytes - written)))) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
}

export interface UploadResult {
  status: number
  ms: number
  body: string
}

/** POSTs `fields` then `file` as multipart/form-data with a Content-Length, streaming the file. */
export async function uploadFile (url: string, token: string, fields: Record<string, string>, file: string, size: number): Promise<UploadResult> {
  const boundary = `bench${randomBytes(12).toString('hex')}`
  const head = Buffer.from([
    ...Object.entries(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`
  ].join(''))
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  const started = performance.now()
  return await new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(head.length + size + tail.length)
      }
    }, response => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, ms: performance.now() - started, body: Buffer.concat(chunks).toString('utf8') }))
      response.on('error', reject)
    })
    request.on('error', reject)
    request.write(head)
    const source = createReadStream(file)
    source.on('error', reject)
    source.on('end', () => request.end(tail))
    source.pipe(request, { end: false })
  })
}
