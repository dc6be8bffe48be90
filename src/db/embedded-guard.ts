// The embedded database (PGlite) as Kysely sees it, with its failures made safe: an unusable instance
// (closed, or aborted by an internal error) gives 503 DatabaseUnavailableErrors, and never a hung
// request or an unhandled rejection that would end the process.
import type { PGlite, Transaction } from '@electric-sql/pglite'
import { asUnavailable, isUnavailable } from './unavailable.js'

type Query = PGlite['query']

/** `target` with `query` replaced; every other member reads through, bound to `target` (private fields). */
function withQuery<T extends object> (target: T, query: Query, extra: Record<string, unknown> = {}): T {
  return new Proxy(target, {
    get (object, key) {
      if (key === 'query') return query
      if (typeof key === 'string' && key in extra) return extra[key]
      const value: unknown = Reflect.get(object, key, object)
      return typeof value === 'function' ? value.bind(object) : value
    }
  })
}

export function guardEmbedded (pglite: PGlite, onUnavailable: (err: unknown) => void = () => {}): PGlite {
  const failed = (err: unknown): unknown => {
    if (isUnavailable(err)) onUnavailable(err)
    return asUnavailable(err)
  }
  const guardQuery = (source: { query: Query }): Query => (async (...args: Parameters<Query>) => {
    try {
      return await source.query(...args)
    } catch (err) {
      throw failed(err)
    }
  }) as Query
  const transaction = async <T>(callback: (tx: Transaction) => Promise<T>): Promise<T> => {
    let begun = false
    try {
      return await pglite.transaction(async tx => {
        begun = true
        return await callback(withQuery(tx, guardQuery(tx)))
      })
    } catch (err) {
      if (!begun) {
        // BEGIN itself failed. Kysely's driver waits for the callback to start and would wait forever
        // (kysely 0.29 PGliteConnection): start it on a transaction whose every statement fails.
        const refusing = { query: async () => { throw failed(err) } } as unknown as Transaction
        await callback(refusing).catch(() => {})
      }
      throw failed(err)
    }
  }
  return withQuery(pglite, guardQuery(pglite), { transaction })
}
