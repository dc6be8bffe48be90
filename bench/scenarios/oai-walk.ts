// OAI-PMH: a harvester's full walk of ListRecords (dcat_ap, the default page of 100 records), following
// resumption tokens to the empty last one, on a freshly started server: the walk's time, records per
// second, and the server's peak RSS (VmHWM). No baseline: a figure for the report (issue 17).
import type { BenchContext, Scenario } from '../lib/context.js'
import { figure, type ScenarioResult } from '../lib/figures.js'
import { timedGet } from '../lib/http.js'
import { memoryOf } from '../lib/processes.js'
import { startBastille } from '../lib/servers.js'

const MB = 1024 * 1024
const TOKEN = /<resumptionToken[^>]*>([^<]*)<\/resumptionToken>/

interface Walk { ms: number, records: number, pages: number, peakRss: number, rssBefore: number }

async function walk (context: BenchContext): Promise<Walk | string> {
  const bastille = await startBastille(context)
  try {
    const rssBefore = await memoryOf(bastille.pid, 'VmRSS')
    const started = performance.now()
    let url = `${bastille.url}/oai?verb=ListRecords&metadataPrefix=dcat_ap`
    let records = 0
    let pages = 0
    for (;;) {
      const page = await timedGet(url, true)
      const body = page.body ?? ''
      if (page.status !== 200 || body.includes('<error ')) return `${url} answered ${page.status}: ${body.slice(0, 300)}`
      records += body.split('<record>').length - 1
      pages++
      const token = TOKEN.exec(body)?.[1]
      if (token === undefined || token === '') break
      url = `${bastille.url}/oai?verb=ListRecords&resumptionToken=${token}`
    }
    return { ms: performance.now() - started, records, pages, peakRss: await memoryOf(bastille.pid, 'VmHWM'), rssBefore }
  } finally {
    await bastille.stop()
  }
}

async function run (context: BenchContext): Promise<ScenarioResult> {
  const result: ScenarioResult = { scenario: 'oai-walk', title: scenario.title, status: 'ok', figures: [] }
  const seconds: number[] = []
  const rates: number[] = []
  const peaks: number[] = []
  for (let r = 0; r < context.rounds; r++) {
    const done = await walk(context)
    if (typeof done === 'string') return { ...result, status: 'not available', note: done }
    seconds.push(done.ms / 1000)
    rates.push(done.records / (done.ms / 1000))
    peaks.push(done.peakRss / MB)
    context.log(`  round ${r + 1}: ${done.records} records in ${done.pages} pages, ${(done.ms / 1000).toFixed(1)} s, peak RSS ${Math.round(done.peakRss / MB)} MB (+${Math.round((done.peakRss - done.rssBefore) / MB)} MB during the walk)`)
  }
  result.figures.push(
    figure('OAI-PMH ListRecords dcat_ap, full walk', 's', seconds, { better: 'lower' }),
    figure('OAI-PMH ListRecords dcat_ap, records per second', 'records/s', rates, { better: 'higher' }),
    figure('OAI-PMH full walk: server peak RSS (VmHWM)', 'MB', peaks, { better: 'lower' })
  )
  return result
}

export const scenario: Scenario = { name: 'oai-walk', title: 'OAI-PMH ListRecords full walk', run }
