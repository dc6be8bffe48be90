// The part of autocannon's API the bench uses (the package ships no types).
declare module 'autocannon' {
  interface Histogram { average: number, mean: number, total: number, p50: number, p90: number, p99: number }
  interface RawRequest { method?: string, path?: string, headers?: Record<string, string>, body?: string }
  interface Options {
    url: string
    connections?: number
    duration?: number
    pipelining?: number
    requests?: Array<RawRequest & { setupRequest?: (request: RawRequest) => RawRequest }>
  }
  interface Result {
    requests: Histogram
    latency: Histogram
    duration: number
    errors: number
    timeouts: number
    non2xx: number
  }
  function autocannon (options: Options): Promise<Result>
  export default autocannon
}
