// `copydesk reprocess`: re-run documents from their raw originals after a rule, config or model change, or a fix.
// Selects by id, source, failure, arrival time, format, staleness or all; queues the reruns below fresh wire,
// or with --dry-run shows what would change without publishing. Usable by hand (progress bar) and from cron.
import { Option, type Command } from 'commander';
import type { Candidate, DryRunOutcome, ReprocessSelection } from '../../ops/reprocess.js';
import { formatOutcome } from '../../ops/reprocess-report.js';
import { CliError } from '../cli-error.js';
import { addConfigOptions, configFromFlags, type ConfigFlags } from '../config-options.js';

interface ReprocessFlags extends ConfigFlags {
  id: string[];
  source: string[];
  failed?: boolean;
  since?: string;
  until?: string;
  format?: string;
  stale?: boolean;
  all?: boolean;
  dryRun?: boolean;
  json?: boolean;
  wait: boolean;
  progress?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function register(program: Command): void {
  addConfigOptions(
    program
      .command('reprocess')
      .description('re-run documents from their raw originals (after a rule, config or model change), below the priority of fresh wire')
      .addHelpText(
        'after',
        '\nSelections (combine freely; --since/--until/--format filter them, or the whole archive on their own):\n' +
          '  copydesk reprocess --stale                 documents produced by older rules/config/tagger\n' +
          '  copydesk reprocess --failed                every job that failed for good\n' +
          '  copydesk reprocess --since 24h --format plain-text --dry-run\n' +
          '  copydesk reprocess --id 59b30b3440139a66f322 --source story.txt --source a8e7c0ffee12\n',
      ),
  )
    .option('--id <documentId>', 'a document id in the primary store (repeatable)', collect, [])
    .option('--source <file|sha256>', 'an archived original: its sha256 (8+ hex digits), a file, or a name it arrived under (repeatable)', collect, [])
    .option('--failed', 'every job that failed for good')
    .option('--stale', 'documents produced by other rules, config or tagger than deployed now')
    .option('--all', 'every original in the archive')
    .option('--since <date|age>', 'originals received at or after (ISO date, or an age such as 24h, 7d)')
    .option('--until <date|age>', 'originals received before')
    .option('--format <name>', 'originals of this format (plain-text, html, ...)')
    .option('--dry-run', 'run the pipeline here and print what would change per document; publish nothing')
    .option('--json', 'print JSON for tools')
    .option('--no-wait', 'queue the reruns and exit (do not follow them to the end)')
    .addOption(new Option('--no-progress', 'no progress bar or progress lines'))
    .action(async (flags: ReprocessFlags) => {
      const { parsePointInTime } = await import('../../ops/durations.js');
      const when = (name: string, text: string | undefined) => {
        if (text === undefined) return undefined;
        const d = parsePointInTime(text);
        if (!d) throw new CliError(`--${name} ${text}: give an ISO date (2026-11-20, 2026-11-20T06:00Z) or an age (90m, 24h, 7d)`, 2);
        return d;
      };
      const selection: ReprocessSelection = {
        ids: flags.id,
        sources: flags.source,
        failed: flags.failed,
        stale: flags.stale,
        all: flags.all,
        since: when('since', flags.since),
        until: when('until', flags.until),
        format: flags.format,
      };
      const { hasSelection, selectForReprocess, SelectionError } = await import('../../ops/reprocess.js');
      if (!hasSelection(selection)) {
        throw new CliError('say what to reprocess: --id, --source, --failed, --stale, --all, or --since/--until/--format (see copydesk reprocess --help)', 2);
      }
      const config = await configFromFlags(flags);
      const { openOpsApp } = await import('../ops-app.js');
      const app = await openOpsApp(config, { stores: true });
      try {
        let candidates: Candidate[];
        try {
          candidates = await selectForReprocess(app, selection);
        } catch (err) {
          if (err instanceof SelectionError) throw new CliError(`nothing was queued:\n  ${err.problems.join('\n  ')}`, 1);
          throw err;
        }
        const out = (s: string) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
        const note = (s: string) => process.stderr.write(`${s}\n`);
        if (!candidates.length) {
          if (flags.json) out(JSON.stringify({ selected: 0, dryRun: Boolean(flags.dryRun) }));
          else out('nothing matches that selection; nothing to do');
          return;
        }
        const { createProgress } = await import('../../ops/progress.js');
        const progress = (label: string, total: number) =>
          flags.progress === false ? { update() {}, stop() {} } : createProgress({ label, total });

        if (flags.dryRun) {
          const { dryRunOne } = await import('../../ops/reprocess.js');
          const bar = progress('dry run', candidates.length);
          const outcomes: DryRunOutcome[] = [];
          const lines: string[] = [];
          for (const c of candidates) {
            const o = await dryRunOne(app, c);
            outcomes.push(o);
            if (!flags.json) lines.push(formatOutcome(o));
            bar.update(outcomes.length);
          }
          bar.stop();
          const count = (s: DryRunOutcome['status']) => outcomes.filter((o) => o.status === s).length;
          const summary = { selected: candidates.length, changed: count('changed'), unchanged: count('unchanged'), new: count('new'), fails: count('fails') };
          if (flags.json) out(JSON.stringify({ dryRun: true, summary, documents: outcomes }, null, 2));
          else {
            for (const l of lines) out(l);
            out(`dry run: ${summary.selected} document(s): ${summary.changed} would change, ${summary.unchanged} unchanged, ${summary.new} new, ${summary.fails} would fail. Nothing was published.`);
          }
          return;
        }

        const { enqueueReprocess, followReruns } = await import('../../ops/reprocess.js');
        const queued = await enqueueReprocess(app, candidates);
        const workers = await app.queues.ingest.getWorkersCount();
        note(`queued ${queued.length} document(s) for reprocessing at priority ${(await import('../../queues/queues.js')).PRIORITY.reprocess} (fresh wire goes first)`);
        if (!flags.wait || workers === 0) {
          if (workers === 0) note('no ingest worker is connected: the reruns run when one starts (copydesk start, or copydesk worker)');
          if (flags.json) out(JSON.stringify({ selected: candidates.length, queued: queued.map((q) => q.jobId) }, null, 2));
          return;
        }
        let interrupted = false;
        const onSignal = () => (interrupted = true);
        process.once('SIGINT', onSignal);
        const bar = progress('reprocess', queued.length);
        const result = await followReruns(app, queued, (n) => bar.update(n), { shouldStop: () => interrupted });
        bar.stop();
        process.removeListener('SIGINT', onSignal);
        if (flags.json) out(JSON.stringify({ selected: candidates.length, ...result }, null, 2));
        else {
          out(`reprocessed ${result.completed} of ${queued.length}; ${result.failed.length} failed${result.pending ? `; ${result.pending} still queued (stopped following)` : ''}`);
          for (const f of result.failed.slice(0, 20)) out(`  FAILED ${f.sourceFile}: ${f.reason}`);
        }
        if (result.failed.length) process.exitCode = 1;
      } finally {
        await app.close();
      }
    });
}
