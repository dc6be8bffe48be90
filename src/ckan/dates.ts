// CKAN's timestamp format: naive UTC, always six fractional digits, no `Z` (ckan-compat.md §4.8), so that
// clients comparing `metadata_modified` as strings (ckanext-harvest) stay consistent.

export function ckanDate (date: Date | string | number): string {
  return `${new Date(date).toISOString().slice(0, 23)}000`
}
