// Figure 5: a 1 GiB upload (multipart POST /datasets/{id}/distributions) streamed from a file: throughput
// against one process writing the same bytes to disk with sha256, and how much the server's RSS grows.
import path from 'node:path'
import type { BenchContext, Scenario } from '../lib/context.js'
import { atLeastRatio, below, figure, type ScenarioResult } from '../lib/figures.js'
import { ask, memoryOf, resetPeakMemory, startNode } from '../lib/processes.js'
import { startBastille, type Server } from '../lib/servers.js'
import { uploadFile, writeRandomFile } from '../lib/upload.js'

const MB = 1024 * 1024

async function deleteDistribution (server: Server, token: string, body: string): Promise<void> {
  const id = (JSON.parse(body) as { id?: string }).id
  if (id !== undefined) await fetch(`${server.url}/distributions/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } })
}

/** The highest RSS of `pid` while `task` runs: VmHWM after a reset, or samples where reset is refused. */
async function peakDuring<T> (pid: number, task: () => Promise<T>): Promise<{ value: T, before: number, peak: number }> {
  const canReset = await resetPeakMemory(pid)
  const before = await memoryOf(pid, 'VmRSS')
  let sampled = before
  const sampler = canReset
    ? undefined
    : setInterval(() => { memoryOf(pid, 'VmRSS').then(rss => { sampled = Math.max(sampled, rss) }, () => {}) }, 20)
  try {
    const value = await task()
    return { value, before, peak: canReset ? await memoryOf(pid, 'VmHWM') : sampled }
  } finally {
    clearInterval(sampler)
  }
}

async function run (context: BenchContext): Promise<ScenarioResult> {
  const result: ScenarioResult = { scenario: 'upload', title: scenario.title, status: 'ok', figures: [] }
  const small = path.join(context.tmpDir, 'small.bin')
  const big = path.join(context.tmpDir, 'upload.bin')
  await writeRandomFile(small, 4096)
  const bastille = await startBastille(context)
  const writer = startNode([path.join(context.root, 'dist/bench/baselines/disk-writer.js')], { PATH: process.env.PATH }, path.join(context.tmpDir, 'disk-writer.log'), true)
  try {
    const url = `${bastille.url}/datasets/${context.catalogue.datasetIds[0]}/distributions`
    const fields = { title: 'Fichier du bench' }
    const probe = await uploadFile(url, context.adminToken, fields, small, 4096).catch(() => ({ status: 0, body: '' }))
    if (probe.status !== 201) return { ...result, status: 'not available', note: `multipart POST /datasets/{id}/distributions answered ${probe.status}` }
    await deleteDistribution(bastille, context.adminToken, probe.body)
    await writeRandomFile(big, context.uploadBytes)
    const subject: number[] = []
    const baseline: number[] = []
    const growth: number[] = []
    for (let r = 0; r < context.rounds; r++) {
      const copied = await ask<{ ms: number }>(writer, { from: big, to: path.join(context.tmpDir, 'copy.bin') })
      baseline.push(context.uploadBytes / MB / (copied.ms / 1000))
      const { value: upload, before, peak } = await peakDuring(bastille.pid, () => uploadFile(url, context.adminToken, fields, big, context.uploadBytes))
      if (upload.status !== 201) throw new Error(`the upload answered ${upload.status}: ${upload.body.slice(0, 300)}`)
      await deleteDistribution(bastille, context.adminToken, upload.body)
      subject.push(context.uploadBytes / MB / (upload.ms / 1000))
      growth.push((peak - before) / MB)
      context.log(`  round ${r + 1}: disk+sha256 ${baseline.at(-1)!.toFixed(0)} MB/s, upload ${subject.at(-1)!.toFixed(0)} MB/s, RSS +${growth.at(-1)!.toFixed(1)} MB`)
    }
    const size = `${Math.round(context.uploadBytes / MB)} MiB`
    result.figures.push(
      figure(`upload of ${size}`, 'MB/s', subject, { better: 'higher', baselineRuns: baseline, target: atLeastRatio(0.5) }),
      figure(`upload of ${size}: server RSS growth`, 'MB', growth, { better: 'lower', target: below(100, 'MB') })
    )
    return result
  } finally {
    await Promise.all([bastille.stop(), writer.stop()])
  }
}

export const scenario: Scenario = { name: 'upload', title: 'Upload of 1 GiB', run }
