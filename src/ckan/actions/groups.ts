// group_list, group_show and tag_list: the EU themes and legacy groups as CKAN groups, keywords as tags,
// counted over published datasets only.
import { countMatches } from '../db/search.js'
import { notFound } from '../errors.js'
import { tagId } from '../ids.js'
import { themeGroup, toGroupDetails } from '../map/group.js'
import { bool, text } from '../params.js'
import type { Action, ActionContext } from './context.js'
import { listOptions } from './organizations.js'

const EVERYTHING = { kind: 'true' } as const

async function groups (context: ActionContext) {
  const [themes, legacy, counts] = await Promise.all([
    context.registry.themes(),
    context.registry.legacyGroups(),
    countMatches(context.db, EVERYTHING, { facets: ['theme'], legacyGroups: true, limit: -1, mincount: 1 })
  ])
  const themeCounts = new Map((counts.facets.get('theme') ?? []).map(c => [c.value, c.count]))
  const legacyCounts = new Map(counts.legacyGroups.map(c => [c.value, c.count]))
  return [
    ...themes.map(t => toGroupDetails(themeGroup(t.code, t.label_fr), themeCounts.get(t.code) ?? 0)),
    ...legacy.map(g => toGroupDetails(g, legacyCounts.get(g.name) ?? 0, g.created_at))
  ]
}

export const groupList: Action = async (context, input) => {
  const listed = listOptions(input, await groups(context), 'groups')
  return bool(input, 'all_fields', false) ? listed : listed.map(group => group.name)
}

export const groupShow: Action = async (context, input) => {
  const id = text(input, 'id')?.trim().toLowerCase() ?? ''
  const group = (await groups(context)).find(g => g.id === id || g.name.toLowerCase() === id)
  if (group === undefined) throw notFound('Group was not found.')
  return group
}

/** Keywords of published datasets (free tags); a vocabulary has none. */
export const tagList: Action = async (context, input) => {
  if (text(input, 'vocabulary_id') !== undefined) return []
  const counts = await countMatches(context.db, EVERYTHING, { facets: ['keyword'], legacyGroups: false, limit: -1, mincount: 1 })
  const query = (text(input, 'query') ?? text(input, 'q'))?.toLowerCase()
  const names = (counts.facets.get('keyword') ?? []).map(c => c.value)
    .filter(name => query === undefined || name.toLowerCase().includes(query))
    .sort()
  return bool(input, 'all_fields', false)
    ? names.map(name => ({ id: tagId(name), name, display_name: name, state: 'active', vocabulary_id: null }))
    : names
}
