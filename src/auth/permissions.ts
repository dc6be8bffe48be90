// Who may see and change what: one place for the rules of SPEC §5.
import type { Principal } from '../plugins/auth.js'
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../errors.js'

export const isAdmin = (principal: Principal | null): boolean => principal?.role === 'admin'

/** Drafts are visible to their publisher's editors and to admins only. */
export function canSeeDrafts (principal: Principal | null, publisherId: string): boolean {
  return principal !== null && (principal.role === 'admin' || principal.publisherId === publisherId)
}

/** Throws 401 without a token, 403 when the token may not write this publisher's data. */
export function assertCanWrite (principal: Principal | null, publisherId: string): void {
  if (principal === null) throw new UnauthorizedError('This operation needs an Authorization: Bearer token')
  if (principal.role !== 'admin' && principal.publisherId !== publisherId) {
    throw new ForbiddenError(`This token may not change the data of publisher ${publisherId}`)
  }
}

/** Throws 401/403 unless the caller is an admin. */
export function assertAdmin (principal: Principal | null): void {
  if (principal === null) throw new UnauthorizedError('This operation needs an Authorization: Bearer token')
  if (principal.role !== 'admin') throw new ForbiddenError('This operation needs an admin token')
}

/**
 * A dataset the caller may not see answers exactly like one that does not exist,
 * so a draft's slug cannot be probed.
 */
export function assertVisible (principal: Principal | null, dataset: { status: string, publisherId: string }, idOrSlug: string): void {
  if (dataset.status === 'draft' && !canSeeDrafts(principal, dataset.publisherId)) throw new NotFoundError('Dataset', idOrSlug)
}
