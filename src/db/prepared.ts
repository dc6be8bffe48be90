// Queries built and compiled once, then run with a new value. On the hottest read (GET /datasets/{id})
// Kysely's builder and compiler cost the process more CPU than reading the result did, and PostgreSQL
// spent more time parsing and planning the query than running it: on a pg pool, these queries are also
// prepared once per connection (named statements, see pg-pool.ts).
import type { CompiledQuery, Compilable, Kysely } from 'kysely'

/** Stand for the values while the query is compiled; no other parameter of the query may equal them. */
const PLACEHOLDERS = ['\u0000bastille:prepared-value-1', '\u0000bastille:prepared-value-2'] as const

/** The statement name of each SQL text prepared() compiled. Names only need to be unique per connection. */
const names = new Map<string, string>()

/** The name under which a pg connection prepares this SQL, if prepared() compiled it. */
export function statementName (sql: string): string | undefined {
  return names.get(sql)
}

/**
 * `build(db, first, second)` compiled once per Kysely instance, then executed with `values[0]` wherever
 * `first` was bound and `values[1]` wherever `second` was. The SQL text is the same as building the query
 * each time.
 */
export function prepared<D, R> (build: (db: Kysely<D>, first: string, second: string) => Compilable<R>): (db: Kysely<D>, ...values: [unknown] | [unknown, unknown]) => Promise<R[]> {
  const compiled = new WeakMap<Kysely<D>, CompiledQuery<R>>()
  return async (db, ...values) => {
    let query = compiled.get(db)
    if (query === undefined) {
      compiled.set(db, query = build(db, ...PLACEHOLDERS).compile())
      if (!names.has(query.sql)) names.set(query.sql, `bastille_${names.size + 1}`)
    }
    const parameters = query.parameters.map(parameter => {
      const index = PLACEHOLDERS.indexOf(parameter as typeof PLACEHOLDERS[number])
      return index === -1 ? parameter : values[index]
    })
    return (await db.executeQuery<R>({ ...query, parameters })).rows
  }
}
