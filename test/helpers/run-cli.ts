// Runs the built `copydesk` command (bin/copydesk.js → dist/) as a child process with a test config in its
// environment, and collects its exit code and output.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../src/config/schema.js';

export const cliPath = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'copydesk.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment that points the CLI at a test config. */
export function cliEnv(config: Config, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_OPTIONS: '',
    REDIS_URL: config.redisUrl,
    COPYDESK_KEY_PREFIX: config.keyPrefix,
    COPYDESK_INBOX: config.inbox,
    COPYDESK_DATA_DIR: config.dataDir,
    COPYDESK_FAILED_DIR: config.failedDir,
    COPYDESK_LOG_LEVEL: 'silent',
    ...(config.rulesFile ? { COPYDESK_RULES_FILE: config.rulesFile } : {}),
    ...extra,
  };
}

export function runCli(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`copydesk ${args.join(' ')} did not finish within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
