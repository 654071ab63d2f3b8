// What every queue's worker shares: a BullMQ Worker around a pure processor, with the last failure of a job
// recorded in failed/ before BullMQ marks it failed (so a crash cannot lose the reason).
import path from 'node:path';
import { Worker, type Job } from 'bullmq';
import type { App } from '../src/app.js';
import { errorCode, isPermanent } from '../src/errors/index.js';

export interface ShellOptions<D, R> {
  queue: string;
  concurrency: number;
  process: (job: Job<D>) => Promise<R>;
  /** The archived original and name to copy into failed/ when the job fails for good. */
  failure: (data: D) => { rawPath?: string; originalName: string; sha256?: string; store?: string; format?: string; provider?: string };
}

/**
 * Fault-injection knob for crash drills and tests (`npm run chaos`, the worker-crash test): each job waits this
 * long before it starts, so a kill lands mid-job. Unset in production.
 */
const drillDelayMs = Number(process.env.COPYDESK_DRILL_DELAY_MS ?? 0);

export function startWorker<D, R>(app: App, options: ShellOptions<D, R>): Worker<D, R> {
  const { config, logger } = app;
  const maxStalledCount = 3;
  /** Copies the original into failed/ with the reason beside it. */
  const recordFailure = async (job: Job<D>, code: string, reason: string) => {
    const f = options.failure(job.data);
    app.metrics.failed.inc({ queue: options.queue, format: f.format ?? 'unknown', source: app.metrics.sourceLabel(f.provider), code });
    await app.failed.recordCopy(f.rawPath, {
      code,
      reason: f.store ? `publishing to the ${f.store} store failed: ${reason}` : reason,
      originalName: f.originalName,
      sha256: f.sha256,
      attempts: job.attemptsMade + 1,
      jobId: job.id,
    });
  };
  const recordUnprocessed = (job: Job<D>, message: string) => {
    const stalled = /stalled/i.test(message);
    const reason = stalled
      ? `a worker stopped (crashed or was killed) while processing this file more than ${maxStalledCount} times, so it is set aside; if workers were restarted on purpose, \`copydesk reprocess --failed\` re-runs it`
      : message;
    recordFailure(job, stalled ? 'STALLED' : 'INTERNAL', reason).catch((e: Error) => logger.error({ err: e.message, jobId: job.id }, 'could not record the failure in failed/'));
  };
  // jobs whose processor ran here: their failure is recorded by the processor's wrapper below
  const ran = new WeakSet<Job<D>>();
  const worker = new Worker<D, R>(
    options.queue,
    async (job) => {
      ran.add(job);
      if (drillDelayMs > 0) await new Promise((r) => setTimeout(r, drillDelayMs));
      try {
        return await options.process(job);
      } catch (err) {
        const last = isPermanent(err) || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        if (last) await recordFailure(job, errorCode(err), err instanceof Error ? err.message : String(err));
        throw err;
      }
    },
    {
      connection: app.connection(),
      prefix: config.keyPrefix,
      concurrency: options.concurrency,
      lockDuration: config.worker.stalledMs,
      stalledInterval: config.worker.stalledMs,
      maxStalledCount,
      autorun: true,
    },
  );
  worker.on('failed', (job, err) => {
    const sourceFile = job ? path.basename(options.failure(job.data).originalName) : undefined;
    logger.warn({ jobId: job?.id, sourceFile, queue: options.queue, code: errorCode(err), attempts: job?.attemptsMade }, `job failed: ${err.message}`);
    // failed by BullMQ without running the processor: a job whose workers died under it too often (a file that
    // crashes the process, or workers killed again and again) is set aside with a reason like any other failure
    if (job && !ran.has(job) && isPermanent(err)) recordUnprocessed(job, err.message);
  });
  worker.on('error', (err) => logger.error({ err: err.message, queue: options.queue }, 'worker error'));
  return worker;
}
