#!/usr/bin/env node
// npm run bench:tagger — what entity tagging costs per 4 KB article on one core: tagTree on an already parsed tree
// (how the pipeline runs it), and tag() on plain text (parse included) for comparison.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unified } from 'unified';
import retextEnglish from 'retext-english';
import { createTagger } from '../dist/src/entities/tagger.js';
import { bodyText } from '../dist/src/text/nlcst-blocks.js';

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
const tree = unified().use(retextEnglish).parse(article);
const body = bodyText(tree);
const headline = 'Ukraine and Turkey agree to reopen Black Sea grain corridor';

function bench(label, fn, seconds = 3) {
  for (let i = 0; i < 200; i++) fn(); // warm up
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    for (let i = 0; i < 50; i++) fn();
    n += 50;
  }
  const ms = (performance.now() - start) / n;
  console.log(`${label.padEnd(40)} ${ms.toFixed(3)} ms per article (${n} runs)`);
  return ms;
}

console.log(`model ${version}: loaded in ${loadMs.toFixed(1)} ms; article ${article.length} characters, ${body.split(/\s+/).length} words`);
const entities = tagger.tagTree({ tree, body, headline });
console.log(`entities: ${entities.slice(0, 8).map((e) => `${e.type}:${e.name}`).join(', ')}${entities.length > 8 ? ', ...' : ''}`);
const perArticle = bench('tagTree (parsed tree, as in the pipeline)', () => tagger.tagTree({ tree, body, headline }));
bench('tag (plain text, parse included)', () => tagger.tag({ body: article, headline }));
console.log(`bench:tagger: ${perArticle.toFixed(3)} ms per 4 KB article (target ≤ 1 ms)`);
