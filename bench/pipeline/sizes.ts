const count = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

/** An offered rate: jobs per second, or a percentage of the run's HTTP write rate (`80%http`). */
export type OfferedRate = { jobsPerSecond: number } | { percentOfHttp: number };

function parseRate(text: string): OfferedRate {
  const share = text.trim().match(/^(\d+(?:\.\d+)?)%http$/);
  if (share) return { percentOfHttp: Number(share[1]) };
  if (!/^\d+(\.\d+)?$/.test(text.trim())) throw new Error(`PIPELINE_RATES: ${text} is neither jobs/s nor <percent>%http`);
  return { jobsPerSecond: Number(text) };
}

/**
 * The benchmark's sizes, each from its PIPELINE_* variable; the defaults keep a whole run
 * around ten minutes on a 2-core machine.
 */
export function pipelineSizes() {
  return {
    /** Jobs of the unpaced and backlog runs (each created, about half set running, most of those finished). */
    jobs: count('PIPELINE_JOBS', 5_000),
    /** Offered rates for commit → searchable: jobs/s, or a share of the HTTP write rate (converted at the workload's writes per job). */
    rates: (process.env.PIPELINE_RATES ?? '100,80%http').split(',').map(parseRate),
    /** Each latency run writes this many seconds' worth of jobs at its rate (at most PIPELINE_JOBS). */
    latencySeconds: count('PIPELINE_LATENCY_SECONDS', 30),
    floorJobs: count('PIPELINE_FLOOR_JOBS', 5_000),
    floorBatchJobs: count('PIPELINE_FLOOR_BATCH_JOBS', 20_000),
    writerCommands: count('PIPELINE_WRITER_COMMANDS', 2_000),
    httpClients: count('PIPELINE_HTTP_CLIENTS', 32),
    httpSeconds: count('PIPELINE_HTTP_SECONDS', 30),
    httpWarmupSeconds: count('PIPELINE_HTTP_WARMUP_SECONDS', 5),
    bulkJobs: count('PIPELINE_BULK_JOBS', 10_000),
    bulkBatchSize: count('PIPELINE_BULK_BATCH', 1_000),
    bulkConcurrency: count('PIPELINE_BULK_CONCURRENCY', 2),
    searchClients: count('PIPELINE_SEARCH_CLIENTS', 16),
    searchSeconds: count('PIPELINE_SEARCH_SECONDS', 10),
    readYourWrites: count('PIPELINE_READ_YOUR_WRITES', 100),
  };
}

export type PipelineSizes = ReturnType<typeof pipelineSizes>;
