// The baseline server: bare Fastify and pg, no validation, no serialisation schema, no mapping. What a
// hand-written route costs is the yardstick Bastille's routes are measured against (SPEC §8).
import Fastify from 'fastify'
import pg from 'pg'

const app = Fastify({ logger: false })
app.get('/health', async () => ({ status: 'ok' }))

const databaseUrl = process.env.DATABASE_URL
if (databaseUrl !== undefined) {
  // The same pool size as Bastille's (src/db/dialect.ts).
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 })
  app.addHook('onClose', async () => { await pool.end() })

  app.get<{ Params: { id: string } }>('/datasets/:id', async (request, reply) => {
    const { rows } = await pool.query('SELECT * FROM datasets WHERE id = $1', [request.params.id])
    if (rows.length === 0) return reply.code(404).send({ status: 404 })
    return rows[0]
  })

  app.get<{ Querystring: { after?: string } }>('/page', async (request) => {
    const { rows } = await pool.query(
      'SELECT * FROM datasets WHERE seq > $1 AND status = \'published\' AND deleted_at IS NULL ORDER BY seq LIMIT 100',
      [request.query.after ?? '0'])
    const distributions = await pool.query('SELECT * FROM distributions WHERE dataset_id = ANY($1)', [rows.map(row => row.id)])
    return { items: rows, distributions: distributions.rows }
  })

  app.get<{ Querystring: { q?: string } }>('/search', async (request) => {
    const q = request.query.q ?? ''
    const where = 'status = \'published\' AND deleted_at IS NULL AND ($1 = \'\' OR search @@ websearch_to_tsquery(\'fr_unaccent\', $1))'
    const [items, total] = await Promise.all([
      pool.query(`SELECT id, slug, title, description, keywords, themes, publisher_id, modified FROM datasets WHERE ${where} ORDER BY seq LIMIT 20`, [q]),
      pool.query(`SELECT count(*) AS total FROM datasets WHERE ${where}`, [q])
    ])
    return { items: items.rows, total: Number(total.rows[0].total) }
  })
}

process.once('SIGTERM', () => { app.close().then(() => process.exit(0), () => process.exit(1)) })
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' })
