// A town's DCAT-AP catalogue served on loopback for the harvest tests: one Turtle page whose datasets
// the test can withdraw, and a path that never answers (to interrupt a run).
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Test } from 'tap'

export interface SourceDataset { identifier: string, title: string }

export interface DcatSource {
  /** The catalogue's URL. */
  url: string
  /** A URL that accepts the connection and never answers. */
  hangingUrl: string
  datasets: SourceDataset[]
  /** Requests received, by path. */
  requests: string[]
}

const PREFIXES = `@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
`

function turtle (base: string, datasets: SourceDataset[]): string {
  const nodes = datasets.map(d => `<${base}/datasets/${d.identifier}> a dcat:Dataset ;
  dct:identifier "${d.identifier}" ;
  dct:title "${d.title}"@fr ;
  dct:description "Jeu de données ${d.title} de la commune."@fr ;
  dcat:keyword "commune" ;
  dct:modified "2026-11-01T10:00:00Z"^^xsd:dateTime ;
  dcat:distribution <${base}/datasets/${d.identifier}/csv> .
<${base}/datasets/${d.identifier}/csv> a dcat:Distribution ;
  dct:title "${d.title} (CSV)" ;
  dcat:accessURL <https://files.ville-exemple.fr/${d.identifier}.csv> ;
  dcat:mediaType <https://www.iana.org/assignments/media-types/text/csv> .`)
  return `${PREFIXES}
<${base}/catalog> a dcat:Catalog ;
  dct:title "Catalogue de la commune"@fr ;
${datasets.map(d => `  dcat:dataset <${base}/datasets/${d.identifier}> ;`).join('\n')}
  dct:description "Les données ouvertes de la commune."@fr .

${nodes.join('\n\n')}
`
}

export async function serveDcatSource (t: Test, datasets: SourceDataset[]): Promise<DcatSource> {
  const hanging: ServerResponse[] = []
  const source = { datasets, requests: [] as string[] } as DcatSource
  const server = createServer((request, response) => {
    source.requests.push(request.url ?? '')
    if (request.url === '/hang') {
      hanging.push(response)
      return
    }
    response.writeHead(200, { 'content-type': 'text/turtle; charset=utf-8' }).end(turtle(base, source.datasets))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  source.url = `${base}/catalog`
  source.hangingUrl = `${base}/hang`
  t.teardown(() => new Promise<void>(resolve => {
    for (const response of hanging) response.destroy()
    server.closeAllConnections()
    server.close(() => resolve())
  }))
  return source
}
