// Queue housekeeping for admins: retry failed jobs, pause and resume a queue, clean old finished jobs.
import type { Queue } from 'bullmq';

export interface QueueCount {
  queue: string;
  jobs: number;
}

/** Moves every failed job of each queue back to waiting (same job, same id, same priority). */
export async function retryFailed(queues: readonly Queue[]): Promise<QueueCount[]> {
  const out: QueueCount[] = [];
  for (const q of queues) {
    const jobs = await q.getFailedCount();
    if (jobs) await q.retryJobs({ state: 'failed', count: 1000 });
    out.push({ queue: q.name, jobs });
  }
  return out;
}

/** Pauses (workers finish what they hold and take nothing new) or resumes each queue; returns the names changed. */
export async function setPaused(queues: readonly Queue[], paused: boolean): Promise<{ queue: string; changed: boolean }[]> {
  const out = [];
  for (const q of queues) {
    const was = await q.isPaused();
    if (was !== paused) await (paused ? q.pause() : q.resume());
    out.push({ queue: q.name, changed: was !== paused });
  }
  return out;
}

/** Removes finished jobs older than `olderThanMs` from each queue, in batches; returns how many went. */
export async function cleanFinished(queues: readonly Queue[], state: 'completed' | 'failed', olderThanMs: number, batch = 1000): Promise<QueueCount[]> {
  const out: QueueCount[] = [];
  for (const q of queues) {
    let jobs = 0;
    for (;;) {
      const removed = await q.clean(olderThanMs, batch, state);
      jobs += removed.length;
      if (removed.length < batch) break;
    }
    out.push({ queue: q.name, jobs });
  }
  return out;
}
