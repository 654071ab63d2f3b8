// Progress for long admin work: a bar with rate and ETA on a terminal (cli-progress), plain lines otherwise
// (cron mail, CI logs) — at most one every few seconds, plus the last.
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number): void;
  stop(): void;
}

export interface ProgressOptions {
  label: string;
  total: number;
  /** Where progress goes (stderr: stdout is for results). */
  stream?: NodeJS.WriteStream;
  /** Force plain lines (true) or the bar (false); default: the bar on a terminal. */
  plain?: boolean;
  /** Plain mode: least time between two lines. */
  everyMs?: number;
  now?: () => number;
}

export function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${Math.round(seconds % 60)}s`;
  return `${Math.floor(seconds / 3600)}h ${Math.round((seconds % 3600) / 60)}m`;
}

/** "500/2000 (25%), 120.0/s, ETA 13s" */
export function progressLine(label: string, done: number, total: number, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? done / (elapsedMs / 1000) : 0;
  const pct = total ? Math.floor((done / total) * 100) : 100;
  const eta = rate > 0 ? formatEta((total - done) / rate) : '?';
  return `${label}: ${done}/${total} (${pct}%), ${rate.toFixed(1)}/s, ETA ${done >= total ? '0s' : eta}`;
}

export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  const started = now();
  const plain = options.plain ?? !stream.isTTY;
  if (!plain) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: `${options.label} |{bar}| {value}/{total} {percentage}% | {rate}/s | ETA {eta_formatted}`,
        etaBuffer: 50,
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(options.total, 0, { rate: '0.0' });
    return {
      update(done) {
        const secs = (now() - started) / 1000;
        bar.update(done, { rate: secs > 0 ? (done / secs).toFixed(1) : '0.0' });
      },
      stop: () => bar.stop(),
    };
  }
  let lastAt = -Infinity;
  let last = -1;
  const everyMs = options.everyMs ?? 5000;
  return {
    update(done) {
      const t = now();
      if (done === last || (t - lastAt < everyMs && done < options.total)) return;
      stream.write(progressLine(options.label, done, options.total, t - started) + '\n');
      lastAt = t;
      last = done;
    },
    stop() {},
  };
}
