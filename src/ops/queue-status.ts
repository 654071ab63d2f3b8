// What `copydesk status` and the queue gauges report about one queue: job counts by state, throughput over the
// last minutes (from the completed set, scored by finish time), the oldest waiting job, connected workers and
// the latest failures. Reads Redis only; changes nothing.
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

export const THROUGHPUT_WINDOWS_MIN = [1, 5, 15] as const;

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  prioritized: number;
  completed: number;
  failed: number;
}

export interface FailureSummary {
  jobId: string;
  reason: string;
  /** The file the job was about (the name it had in the inbox). */
  sourceFile?: string;
  failedAt?: string;
  attempts: number;
}

/** A job that failed and waits for its next try (a store or Redis away: retried with backoff). */
export interface RetrySummary {
  jobId: string;
  sourceFile?: string;
  /** Tries made so far. */
  attempts: number;
  /** Tries allowed in all. */
  maxAttempts: number;
  /** Why the last try failed. */
  lastError: string;
  /** When the next try is due. */
  nextTryAt?: string;
}

export interface QueueStatus {
  name: string;
  isPaused: boolean;
  counts: QueueCounts;
  /** Jobs finished (completed) in the last 1, 5 and 15 minutes. */
  completedLast: { '1m': number; '5m': number; '15m': number };
  /** Jobs that failed for good in the last 15 minutes. */
  failedLast15m: number;
  /** Seconds the oldest job waiting to start has waited (null when none waits). */
  oldestWaitingSeconds: number | null;
  workers: number;
  latestFailures: FailureSummary[];
  /** Jobs waiting to be tried again after a failed try (among the first 1,000 delayed), the soonest first. */
  retrying?: { count: number; jobs: RetrySummary[] };
}

// BullMQ scores a prioritized job priority * 2^32 + a counter: the first member of each priority band is that
// band's oldest job
const PRIORITY_BAND = 0x100000000;

/** Ids of the oldest job of each kind of waiting: the tail of the wait and paused lists, and each priority band's first. */
async function oldestWaitingIds(queue: Queue, redis: Redis): Promise<string[]> {
  const ids: string[] = [];
  const tail = await redis.lindex(queue.toKey('wait'), -1);
  if (tail) ids.push(tail);
  let min = 0;
  for (let i = 0; i < 64; i++) {
    const found = await redis.zrangebyscore(queue.toKey('prioritized'), min, '+inf', 'WITHSCORES', 'LIMIT', 0, 1);
    if (found.length < 2) break;
    ids.push(found[0]!);
    min = (Math.floor(Number(found[1]) / PRIORITY_BAND) + 1) * PRIORITY_BAND;
  }
  return ids;
}

/** How long (ms) the oldest job waiting to start has waited; undefined when nothing waits. */
export async function oldestWaitingMs(queue: Queue, redis: Redis, now = Date.now()): Promise<number | undefined> {
  const ids = await oldestWaitingIds(queue, redis);
  if (!ids.length) return undefined;
  const stamps = await Promise.all(ids.map((id) => redis.hget(queue.toKey(id), 'timestamp')));
  const oldest = Math.min(...stamps.map((s) => (s ? Number(s) : Infinity)));
  return Number.isFinite(oldest) ? Math.max(0, now - oldest) : undefined;
}

/** Jobs that reached a finished set (completed or failed) at or after `sinceMs`. */
export async function finishedSince(queue: Queue, redis: Redis, set: 'completed' | 'failed', sinceMs: number): Promise<number> {
  return redis.zcount(queue.toKey(set), sinceMs, '+inf');
}

function sourceFileOf(data: unknown): string | undefined {
  const d = data as { originalName?: string; sourceFile?: string } | undefined;
  return d?.originalName ?? d?.sourceFile;
}

export async function latestFailures(queue: Queue, limit: number): Promise<FailureSummary[]> {
  if (limit <= 0) return [];
  const jobs = await queue.getFailed(0, limit - 1);
  return jobs
    .filter((j) => j)
    .map((j) => ({
      jobId: String(j.id),
      reason: j.failedReason ?? '',
      sourceFile: sourceFileOf(j.data),
      failedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : undefined,
      attempts: j.attemptsMade,
    }));
}

/** Delayed jobs that are waiting for a retry (not for an embargo): they have failed at least once. */
export async function retryingJobs(queue: Queue, limit: number): Promise<{ count: number; jobs: RetrySummary[] }> {
  const delayed = (await queue.getDelayed(0, 999)).filter((j) => j && j.attemptsMade > 0);
  const jobs = delayed
    .map((j) => ({
      jobId: String(j.id),
      sourceFile: sourceFileOf(j.data),
      attempts: j.attemptsMade,
      maxAttempts: j.opts.attempts ?? 1,
      lastError: j.failedReason ?? j.stacktrace?.at(-1)?.split('\n')[0] ?? '',
      nextTryAt: j.delay ? new Date(j.timestamp + j.delay).toISOString() : undefined,
    }))
    .sort((a, b) => (a.nextTryAt ?? '').localeCompare(b.nextTryAt ?? ''));
  return { count: delayed.length, jobs: jobs.slice(0, Math.max(0, limit)) };
}

export async function queueStatus(queue: Queue, redis: Redis, options: { failures?: number; now?: number } = {}): Promise<QueueStatus> {
  const now = options.now ?? Date.now();
  const since = (minutes: number) => now - minutes * 60_000;
  const [raw, isPaused, workers, oldest, m1, m5, m15, f15, failures, retrying] = await Promise.all([
    queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'),
    queue.isPaused(),
    queue.getWorkersCount(),
    oldestWaitingMs(queue, redis, now),
    finishedSince(queue, redis, 'completed', since(1)),
    finishedSince(queue, redis, 'completed', since(5)),
    finishedSince(queue, redis, 'completed', since(15)),
    finishedSince(queue, redis, 'failed', since(15)),
    latestFailures(queue, options.failures ?? 5),
    retryingJobs(queue, options.failures ?? 5),
  ]);
  const counts: QueueCounts = {
    waiting: raw.waiting ?? 0,
    active: raw.active ?? 0,
    delayed: raw.delayed ?? 0,
    prioritized: raw.prioritized ?? 0,
    completed: raw.completed ?? 0,
    failed: raw.failed ?? 0,
  };
  return {
    name: queue.name,
    isPaused,
    counts,
    completedLast: { '1m': m1, '5m': m5, '15m': m15 },
    failedLast15m: f15,
    oldestWaitingSeconds: oldest === undefined ? null : Math.round(oldest) / 1000,
    workers,
    latestFailures: failures,
    retrying,
  };
}

export interface StatusOptions {
  /** Latest failures listed per queue. */
  failures?: number;
  now?: number;
}

/** Every queue's status, in the order given. */
export async function queuesStatus(queues: readonly Queue[], redis: Redis, options: StatusOptions = {}): Promise<QueueStatus[]> {
  return Promise.all(queues.map((q) => queueStatus(q, redis, options)));
}
