// The documents the routes serve, as quad batches for `serializeRdf`: one batch per dataset, so a
// catalogue of any size streams with one dataset in memory at a time.
import type { Quad } from '@rdfjs/types'
import type { CatalogView, DatasetView, PageView } from './types.js'
import { mapCatalog, mapCatalogEntry, mapPage } from './map-catalog.js'
import { mapDataset } from './map-dataset.js'
import { mapContext, type MapContext } from './map-shared.js'

export type FeedOptions = Partial<Pick<MapContext, 'now' | 'checksumValue' | 'quality'>>

/** `dcat-ap`: conformant DCAT-AP 3 (the default); `datagouv`: the deviations data.gouv.fr's harvester needs. */
export type FeedProfile = 'dcat-ap' | 'datagouv'
export const FEED_PROFILES: readonly FeedProfile[] = ['dcat-ap', 'datagouv']

/**
 * A catalogue (or one page of it): the catalogue node and paging node first, then each dataset
 * with its `dcat:dataset` link. `page` is null for the unpaged full catalogue.
 */
export async function * catalogQuads (
  catalog: CatalogView,
  datasets: AsyncIterable<DatasetView> | Iterable<DatasetView>,
  page: PageView | null,
  options: FeedOptions = {}
): AsyncGenerator<Quad[]> {
  const ctx = mapContext(options)
  yield page === null ? mapCatalog(ctx, catalog) : [...mapCatalog(ctx, catalog), ...mapPage(catalog, page)]
  for await (const dataset of datasets) {
    yield [mapCatalogEntry(catalog, dataset.uri), ...mapDataset(ctx, dataset)]
  }
}

/** One dataset on its own, with every node it references. */
export function datasetQuads (dataset: DatasetView, options: FeedOptions = {}): Quad[] {
  return mapDataset(mapContext(options), dataset)
}
