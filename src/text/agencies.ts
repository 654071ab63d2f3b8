// News agencies by name and alias (config/agencies.json): resolves "AP" or "The Associated Press" to one name.
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config/project-root.js';

interface AgencyFile {
  agencies: { name: string; aliases: string[] }[];
}

export interface Agencies {
  /** The canonical name for an alias as printed ("AP" → "Associated Press"), or undefined. */
  resolve(alias: string): string | undefined;
  /** The first agency named in a text (a credit or copyright line), or undefined. */
  findIn(text: string): string | undefined;
}

export function loadAgencies(file = path.join(projectRoot, 'config', 'agencies.json')): Agencies {
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as AgencyFile;
  const byAlias = new Map<string, string>();
  const longNames: { re: RegExp; name: string }[] = [];
  for (const a of data.agencies) {
    for (const alias of a.aliases) {
      byAlias.set(alias.toLowerCase(), a.name);
      // only full names are searched inside running text: abbreviations ("AP", "PA") are too ambiguous there
      if (alias.length > 4) longNames.push({ re: new RegExp(`\\b${alias.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i'), name: a.name });
    }
  }
  return {
    resolve: (alias) => byAlias.get(alias.trim().toLowerCase()),
    findIn: (text) => longNames.find((n) => n.re.test(text))?.name,
  };
}
