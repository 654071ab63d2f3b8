#!/usr/bin/env node
// npm run bench:tagger — what entity tagging costs per 4 KB article on one core: tagTree on an already parsed tree
// (the tokens read off the tree, which the pipeline does in its text stage, then tagSentences, its tagger stage), its
// stages one by one (tokens from the tree, the tagging step itself, mentions into document entities, the headline's
// parse), and tag() on plain text (parse included) for comparison. Each line
// gives wall time and the process's CPU time per article (the machine may be shared: CPU time is the steadier).
// Usage: node scripts/bench-tagger.mjs [--seconds N]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { unified } from 'unified';
import retextEnglish from 'retext-english';
import { createTagger, taggedMentions } from '../dist/src/entities/tagger.js';
import { bodySentences, treeSentences } from '../dist/src/entities/nlcst-tokens.js';
import { loadModel } from '../dist/src/entities/load-model.js';
import { tagDocument } from '../dist/src/entities/sequence-tagger.js';
import { DecodeScratch } from '../dist/src/entities/perceptron.js';
import { documentEntities } from '../dist/src/entities/document-entities.js';
import { bodyText } from '../dist/src/text/nlcst-blocks.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '3' } } });
const seconds = Number(values.seconds);
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
// our own wire story (test fixture), repeated with light variation up to 4 KB
const story = fs.readFileSync(path.join(root, 'test/fixtures/text/grain-corridor.txt'), 'utf8')
  .split('\n').filter((l) => l && !/^(PHOTO|READ MORE|Get breaking|Associated Press writer)/.test(l));
let article = '';
for (let i = 0; article.length < 4096; i++) article += (article ? '\n\n' : '') + story[i % story.length];
article = article.slice(0, 4096).replace(/\s+\S*$/, '.');

const t0 = performance.now();
const tagger = createTagger();
const version = tagger.version; // loads the model
const loadMs = performance.now() - t0;
const model = loadModel();
const parser = unified().use(retextEnglish).freeze();
const tree = parser.parse(article);
const body = bodyText(tree);
const headline = 'Ukraine and Turkey agree to reopen Black Sea grain corridor';

// the stages of tagTree, prepared once so each can be timed alone
const sentences = bodySentences(tree);
const headlineSentences = treeSentences(parser.parse(headline));
const all = [...headlineSentences, ...sentences];
const doc = all.map((s, i) => ({ tokens: s.tokens.map((t) => t.text), headline: i < headlineSentences.length }));
const tokenCount = doc.reduce((n, s) => n + s.tokens.length, 0);
const scratch = new DecodeScratch();
const tags = tagDocument(doc, model.gazetteer, model.pass1, model.pass2, scratch);
const mentions = taggedMentions(all, headlineSentences.length, tags);
const entityOptions = { body, headline, aliases: model.aliases, writtenAs: (name) => model.gazetteer.writtenAs(name) };

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function bench(label, fn) {
  for (let i = 0; i < 200; i++) fn(); // warm up
  let n = 0;
  const start = performance.now();
  const cpu0 = cpuMs();
  while (performance.now() - start < seconds * 1000) {
    for (let i = 0; i < 20; i++) fn();
    n += 20;
  }
  const wall = (performance.now() - start) / n;
  const cpu = (cpuMs() - cpu0) / n;
  console.log(`${label.padEnd(44)} ${wall.toFixed(3)} ms wall, ${cpu.toFixed(3)} ms CPU per article (${n} runs)`);
  return { wall, cpu };
}

console.log(`model ${version}: loaded in ${loadMs.toFixed(1)} ms; article ${article.length} characters, ${body.split(/\s+/).length} words, ${tokenCount} tokens (headline included)`);
const entities = tagger.tagTree({ tree, body, headline });
console.log(`entities: ${entities.slice(0, 8).map((e) => `${e.type}:${e.name}`).join(', ')}${entities.length > 8 ? ', ...' : ''}`);
const perArticle = bench('tagTree (parsed tree: tokens, then tagSentences)', () => tagger.tagTree({ tree, body, headline }));
const step = bench('  tagging step (tagDocument: both passes)', () => tagDocument(doc, model.gazetteer, model.pass1, model.pass2, scratch));
bench('  tokens from the parsed tree', () => bodySentences(tree));
bench('  headline parse (retext) and tokens', () => treeSentences(parser.parse(headline)));
bench('  mentions and document entities', () => documentEntities(taggedMentions(all, headlineSentences.length, tags), entityOptions));
bench('tag (plain text, parse included)', () => tagger.tag({ body: article, headline }));
console.log(`bench:tagger: tagging step ${step.wall.toFixed(3)} ms wall / ${step.cpu.toFixed(3)} ms CPU per 4 KB article (target ≤ 1 ms); tagTree ${perArticle.wall.toFixed(3)} ms wall / ${perArticle.cpu.toFixed(3)} ms CPU`);
console.log(`  tagging step: ${Math.round(tokenCount / step.cpu * 1000).toLocaleString('en-US')} tokens/s of CPU time (${mentions.length} mentions)`);
