// Deterministic choices for request mixes, so that two runs of the bench ask the same things.
import { createRandom } from './prng.js'

/** An endless, seeded walk over `items`, in a random order that is the same on every run. */
export function cycle<T> (items: readonly T[], seed = 42): () => T {
  if (items.length === 0) throw new Error('nothing to cycle over')
  const order = createRandom(seed).sample(items, items.length)
  let i = 0
  return () => order[i++ % order.length] as T
}
