// CHANGES_RETENTION_DAYS: validated at start-up, at least 30 days, 90 by default.
import t from 'tap'
import { ConfigError, loadConfig } from '../../src/config.js'

t.equal(loadConfig({}).changesRetentionDays, 90)
t.equal(loadConfig({ CHANGES_RETENTION_DAYS: '30' }).changesRetentionDays, 30)
t.equal(loadConfig({ CHANGES_RETENTION_DAYS: '365' }).changesRetentionDays, 365)
for (const bad of ['29', '0', '-5', 'ninety', '45.5']) {
  t.throws(() => loadConfig({ CHANGES_RETENTION_DAYS: bad }), ConfigError, bad)
}
