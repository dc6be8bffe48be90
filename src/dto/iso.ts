// Timestamps in JSON: a Date from pg, or a string from a JSON column, as an ISO 8601 UTC string.
export const iso = (date: Date | string): string => new Date(date).toISOString()
