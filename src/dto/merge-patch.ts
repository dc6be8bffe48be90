// RFC 7396 JSON merge patch: objects merge member by member, `null` removes, anything else replaces.
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** @see {@link https://www.rfc-editor.org/rfc/rfc7396#section-2} */
export function applyMergePatch<T> (target: T, patch: unknown): T {
  if (!isObject(patch)) return patch as T
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {}
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key]
    else result[key] = applyMergePatch(result[key], value)
  }
  return result as T
}
