// Bounding boxes from the geometries sources carry: GeoJSON (CKAN `spatial`, locn:geometry) and WKT
// (dcat:bbox), as [west, south, east, north] in WGS 84 degrees, the shape Bastille stores.

function parseJson (text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** [west, south, east, north] of a GeoJSON geometry (any type), or null when it has no valid coordinates. */
export function bboxOfGeoJson (value: unknown): number[] | null {
  const geometry = typeof value === 'string' ? parseJson(value) : value
  const coordinates = (geometry as { coordinates?: unknown } | undefined)?.coordinates
  const points: number[][] = []
  const walk = (node: unknown): void => {
    if (!Array.isArray(node)) return
    if (node.length >= 2 && typeof node[0] === 'number' && typeof node[1] === 'number') points.push(node as number[])
    else for (const child of node) walk(child)
  }
  walk(coordinates)
  if (points.length === 0) return null
  const xs = points.map(p => p[0]!)
  const ys = points.map(p => p[1]!)
  return validBbox([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)])
}

/** The box when it is WGS 84 degrees with south ≤ north and west ≤ east, else null. */
export function validBbox (box: number[]): number[] | null {
  const [west, south, east, north] = box
  if (box.length !== 4 || box.some(n => !Number.isFinite(n))) return null
  if (Math.abs(west!) > 180 || Math.abs(east!) > 180 || Math.abs(south!) > 90 || Math.abs(north!) > 90) return null
  return south! <= north! && west! <= east! ? box : null
}

/** The box of a WKT geometry (an optional `<CRS URI>` prefix is ignored: WGS 84 is assumed). */
export function bboxOfWkt (text: string): number[] | null {
  const body = text.replace(/^\s*<[^>]*>\s*/, '')
  if (!/^\s*[A-Za-z]+\s*\(/.test(body)) return null
  const pairs = [...body.matchAll(/(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s+(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)/g)]
  if (pairs.length === 0) return null
  return bboxOfGeoJson({ coordinates: pairs.map(m => [Number(m[1]), Number(m[2])]) })
}

/** A box from GeoJSON or WKT text, or from a GeoJSON object. */
export function bboxOf (value: unknown): number[] | null {
  if (typeof value === 'string' && !value.trim().startsWith('{')) return bboxOfWkt(value)
  return bboxOfGeoJson(value)
}
