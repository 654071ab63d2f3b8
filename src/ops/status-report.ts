// The `copydesk status` report: queue states, throughput, failures and stale documents, as a readable table
// for people (pure formatting, no I/O) or as JSON for tools.
import type { StaleSummary } from './provenance.js';
import type { QueueStatus } from './queue-status.js';

export interface StatusReport {
  at: string;
  redis: string;
  keyPrefix: string;
  queues: QueueStatus[];
  /** Documents in the primary store by provenance; absent with --no-documents or when the store cannot be read. */
  documents?: StaleSummary & { store: string };
  /** Why documents are absent, when they are. */
  documentsError?: string;
}

/** Lays out rows as columns: text left-aligned, numbers right-aligned. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number'));
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells
    .map((r) =>
      r
        .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** 75 → "1m 15s", 4000 → "1h 6m"; null → "-". */
export function formatAge(seconds: number | null): string {
  if (seconds === null) return '-';
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)}s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m}m ${Math.round(seconds % 60)}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

function oneLine(s: string, max = 100): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function formatStatus(report: StatusReport): string {
  const out: string[] = [];
  out.push(`copydesk status at ${report.at}  (Redis ${report.redis}, key prefix "${report.keyPrefix}")`, '');
  out.push(
    table(
      ['QUEUE', 'STATE', 'WAITING', 'PRIORITIZED', 'ACTIVE', 'DELAYED', 'COMPLETED', 'FAILED', 'DONE 1m', 'DONE 5m', 'DONE 15m', 'OLDEST WAITING', 'WORKERS'],
      report.queues.map((q) => [
        q.name,
        q.isPaused ? 'PAUSED' : 'running',
        q.counts.waiting,
        q.counts.prioritized,
        q.counts.active,
        q.counts.delayed,
        q.counts.completed,
        q.counts.failed,
        q.completedLast['1m'],
        q.completedLast['5m'],
        q.completedLast['15m'],
        formatAge(q.oldestWaitingSeconds),
        q.workers,
      ]),
    ),
  );
  out.push('');
  if (report.documents) {
    const d = report.documents;
    out.push(
      `Documents in the ${d.store} store: ${d.total}; ${d.stale} stale (produced by other rules, config or tagger than deployed now)` +
        (d.stale ? ' — `copydesk reprocess --stale` re-runs them' : ''),
    );
    out.push(`  deployed now: ${d.current}`);
    for (const p of d.byProvenance.slice(0, 5)) out.push(`  ${String(p.documents).padStart(7)}  ${p.key}${p.key === d.current ? '  (current)' : ''}`);
    if (d.byProvenance.length > 5) out.push(`  … and ${d.byProvenance.length - 5} more provenances`);
  } else if (report.documentsError) {
    out.push(`Documents: not counted (${report.documentsError})`);
  }
  const retrying = report.queues.flatMap((q) => (q.retrying?.jobs ?? []).map((r) => ({ queue: q.name, ...r })));
  if (retrying.length) {
    const counts = report.queues.filter((q) => q.retrying?.count).map((q) => `${q.name} ${q.retrying!.count}`).join(', ');
    out.push('');
    out.push(`Retrying after a failed try (${counts}; a store or Redis away: each is tried again with backoff):`);
    out.push(
      table(
        ['QUEUE', 'NEXT TRY AT', 'SOURCE FILE', 'TRIES', 'LAST ERROR'],
        retrying.slice(0, 10).map((r) => [r.queue, r.nextTryAt ?? '-', r.sourceFile ?? '-', `${r.attempts}/${r.maxAttempts}`, oneLine(r.lastError)]),
      ),
    );
  }
  const failures = report.queues.flatMap((q) => q.latestFailures.map((f) => ({ queue: q.name, ...f })));
  failures.sort((a, b) => (b.failedAt ?? '').localeCompare(a.failedAt ?? ''));
  out.push('');
  if (!failures.length) out.push('No failed jobs.');
  else {
    const failed15 = report.queues.map((q) => `${q.name} ${q.failedLast15m}`).join(', ');
    out.push(`Latest failures (failed in the last 15 min: ${failed15}; \`copydesk retry-failed\` or \`copydesk reprocess --failed\` re-runs them):`);
    out.push(
      table(
        ['QUEUE', 'FAILED AT', 'SOURCE FILE', 'TRIES', 'REASON'],
        failures.slice(0, 10).map((f) => [f.queue, f.failedAt ?? '-', f.sourceFile ?? '-', f.attempts, oneLine(f.reason)]),
      ),
    );
  }
  return out.join('\n') + '\n';
}
