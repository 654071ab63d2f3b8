// Temporary folders for a test: inbox, data and failed under one root, removed afterwards.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TempDirs {
  root: string;
  inbox: string;
  dataDir: string;
  failedDir: string;
  remove(): void;
}

export function makeTempDirs(prefix = 'copydesk-test-'): TempDirs {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const dirs = { root, inbox: path.join(root, 'inbox'), dataDir: path.join(root, 'data'), failedDir: path.join(root, 'failed') };
  fs.mkdirSync(dirs.inbox);
  return { ...dirs, remove: () => fs.rmSync(root, { recursive: true, force: true }) };
}
