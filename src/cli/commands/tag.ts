// `copydesk tag`: the entity tagger on its own. `--conll FILE` prints a CoNLL-2003 file back with the predicted tag
// (IOB2) as one more column, for ../shared/scoring/ner.mjs; `tag FILE...` prints each plain-text file's entities as
// JSON Lines. Kept light: no config, Redis or pipeline is loaded.
import fs from 'node:fs';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';

interface TagFlags {
  conll?: string;
  model?: string;
}

export function register(program: Command): void {
  program
    .command('tag')
    .description('tag entities: a CoNLL-2003 file (--conll) or plain-text files (JSON Lines of entities)')
    .argument('[files...]', 'plain-text files (first line taken as the headline when followed by a blank line)')
    .option('--conll <file>', 'read CoNLL-2003 format and print it back with the predicted tag (IOB2) as a last column')
    .option('--model <file>', 'model file (default: models/ner/model.bin.gz)')
    .action(async (files: string[], flags: TagFlags) => {
      if (flags.conll) {
        if (files.length) throw new CliError('give either --conll FILE or plain-text files, not both', 2);
        const { tagConll } = await import('../../entities/tag-conll.js');
        let text: string;
        try {
          text = fs.readFileSync(flags.conll, 'utf8');
        } catch (err) {
          throw new CliError(`cannot read ${flags.conll}: ${(err as Error).message}`);
        }
        process.stdout.write(tagConll(text, flags.model));
        return;
      }
      if (!files.length) throw new CliError('nothing to tag: give plain-text files or --conll FILE', 2);
      const { createTagger } = await import('../../entities/tagger.js');
      const tagger = createTagger({ modelPath: flags.model });
      let failed = 0;
      for (const file of files) {
        try {
          const { headline, body } = splitHeadline(fs.readFileSync(file, 'utf8'));
          const entities = tagger.tag({ headline, body });
          process.stdout.write(JSON.stringify({ file, tagger: tagger.version, entities }) + '\n');
        } catch (err) {
          failed++;
          process.stdout.write(JSON.stringify({ file, error: { code: (err as NodeJS.ErrnoException).code ?? 'INTERNAL', message: (err as Error).message } }) + '\n');
        }
      }
      if (failed) process.exitCode = 1;
    });
}

/** A first line followed by a blank line is a headline; the rest is the body. */
export function splitHeadline(text: string): { headline?: string; body: string } {
  const t = text.replace(/\r\n?/g, '\n').trim();
  const m = /^([^\n]{1,200})\n[ \t]*\n([\s\S]*)$/.exec(t);
  if (m && !/[.!?:]["”’]?$/.test(m[1]!.trim())) return { headline: m[1]!.trim(), body: m[2]!.trim() };
  return { body: t };
}
