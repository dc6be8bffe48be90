// A small seeded PRNG (mulberry32) so that a generated catalogue is the same for the same seed.

export interface Random {
  /** A float in [0, 1). */
  next: () => number
  /** An integer in [min, max], both included. */
  int: (min: number, max: number) => number
  pick: <T>(items: readonly T[]) => T
  /** `count` distinct items (fewer when the list is shorter). */
  sample: <T>(items: readonly T[], count: number) => T[]
  /** An item chosen with probability proportional to its weight. */
  weighted: <T>(items: ReadonlyArray<readonly [T, number]>) => T
  chance: (probability: number) => boolean
  /** A random (version 4 shaped) UUID drawn from this generator. */
  uuid: () => string
}

export function createRandom (seed: number): Random {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6D2B79F5) >>> 0
    let x = state
    x = Math.imul(x ^ (x >>> 15), x | 1)
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61)
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1))
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T
  const hex = (length: number): string => {
    let out = ''
    for (let i = 0; i < length; i++) out += Math.floor(next() * 16).toString(16)
    return out
  }
  return {
    next,
    int,
    pick,
    sample (items, count) {
      const copy = [...items]
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1))
        const swap = copy[i] as typeof copy[number]
        copy[i] = copy[j] as typeof copy[number]
        copy[j] = swap
      }
      return copy.slice(0, count)
    },
    weighted (items) {
      const total = items.reduce((sum, [, weight]) => sum + weight, 0)
      let draw = next() * total
      for (const [item, weight] of items) {
        draw -= weight
        if (draw < 0) return item
      }
      return (items[items.length - 1] as readonly [typeof items[number][0], number])[0]
    },
    chance: probability => next() < probability,
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`
  }
}
