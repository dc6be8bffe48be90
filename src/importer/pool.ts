// Small concurrency tools: a bounded worker pool over an iterable, and a lock that runs jobs one at a time.

/**
 * Runs `work` over `items` with at most `concurrency` at once; stops early when `signal` aborts or a
 * worker fails, and returns only once every worker has stopped (so no write outlives the call).
 */
export async function forEachConcurrently<T> (items: Iterable<T>, concurrency: number, work: (item: T) => Promise<void>, signal?: AbortSignal): Promise<void> {
  const iterator = items[Symbol.iterator]()
  let failed = false
  const worker = async (): Promise<void> => {
    try {
      for (let next = iterator.next(); next.done !== true; next = iterator.next()) {
        if (failed) return
        signal?.throwIfAborted()
        await work(next.value)
      }
    } catch (err) {
      failed = true
      throw err
    }
  }
  const results = await Promise.allSettled(Array.from({ length: Math.max(1, concurrency) }, worker))
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
  if (rejected !== undefined) throw rejected.reason
}

/** Runs jobs one after the other, in the order they were asked for. */
export class Serial {
  #tail: Promise<unknown> = Promise.resolve()

  async run<T> (job: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(job)
    this.#tail = result.catch(() => {})
    return await result
  }
}
