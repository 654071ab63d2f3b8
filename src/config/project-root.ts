// The project root (where config/, models/ and schemas/ live), found from this module's location in src/ or
// dist/src/. Its own module, so the pipeline's modules find their data without loading the config schema.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();
