// Secrets never reach the log: `copydesk start` at debug level against a password-protected redis-server of the
// test's own (its URL carries the password) with an HTTP token, through start-up, a published file, an HTTP
// request with the token, a wrong token, and a Redis that goes away and comes back. Every log line is read.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { spawnCopydesk, type CliProcess } from '../helpers/cli-process.js';
import { readOutcomes } from '../helpers/outcomes.js';
import { makeTempDirs, type TempDirs } from '../helpers/temp-dirs.js';
import { testConfig } from '../helpers/test-config.js';
import { waitFor } from '../helpers/wait-for.js';
import { freePort, hasRedisServer } from '../helpers/free-port.js';

const PASSWORD = 'redis-pass-Zq7wX2';
const TOKEN = 'http-token-Kp93mVb4Lr';



describe('secrets in logs', () => {
  let dirs: TempDirs;
  let proc: CliProcess | undefined;
  let redisServer: ChildProcess | undefined;
  afterEach(async () => {
    proc?.child.kill('SIGKILL');
    if (redisServer && redisServer.exitCode === null) {
      redisServer.kill('SIGKILL');
      await new Promise((r) => redisServer!.once('exit', r));
    }
    dirs?.remove();
  });

  (hasRedisServer ? test : test.skip)('neither the Redis password nor the HTTP token appears in any log line', async () => {
    dirs = makeTempDirs('copydesk-secrets-');
    const redisPort = await freePort();
    const httpPort = await freePort();
    const redisDir = path.join(dirs.root, 'redis');
    fs.mkdirSync(redisDir);
    const redisArgs = ['--port', String(redisPort), '--bind', '127.0.0.1', '--requirepass', PASSWORD, '--save', '', '--appendonly', 'no', '--dir', redisDir];
    const startRedis = async () => {
      redisServer = spawn('redis-server', redisArgs, { stdio: 'ignore' });
      await new Promise((r) => setTimeout(r, 300));
    };
    await startRedis();
    const redisUrl = `redis://default:${PASSWORD}@127.0.0.1:${redisPort}`;
    const config = testConfig(dirs, { redisUrl });
    proc = spawnCopydesk(['start', '--no-redis-autostart'], dirs, config, {
      COPYDESK_LOG_LEVEL: 'debug',
      COPYDESK_TOKEN: TOKEN,
      COPYDESK_PORT: String(httpPort),
    });
    await waitFor(() => proc!.stderr().includes('HTTP server listening'), 'the HTTP server', 30_000);
    fs.writeFileSync(path.join(dirs.inbox, 'secret-test.txt'), 'Harbour report\n\nPORTVALE – Crews worked at the harbour on Tuesday, officials said.\n');
    await waitFor(() => readOutcomes(dirs.dataDir, dirs.failedDir).published.has('secret-test.txt'), 'the file to be published', 30_000);
    const ok = await fetch(`http://127.0.0.1:${httpPort}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    const denied = await fetch(`http://127.0.0.1:${httpPort}/metrics`, { headers: { authorization: `Bearer ${TOKEN}-wrong` } });
    expect(denied.status).toBe(401);
    // Redis goes away and comes back: the reconnect warnings name the server, never the password
    redisServer!.kill('SIGKILL');
    await new Promise((r) => redisServer!.once('exit', r));
    await waitFor(() => /Redis connection problem/.test(proc!.stderr()), 'a connection warning', 20_000);
    await startRedis();
    await new Promise((r) => setTimeout(r, 2000));
    proc.child.kill('SIGTERM');
    await proc.exited;

    const log = proc.stderr();
    expect(log.split('\n').filter(Boolean).length).toBeGreaterThan(5);
    expect(log).toContain(`"url":"http://127.0.0.1:${httpPort}"`); // the HTTP server bound loopback (the default host)
    expect(log).toMatch(/"auth":"token"/);
    expect(log).toContain(`127.0.0.1:${redisPort}`); // the server is named…
    expect(log).not.toContain(PASSWORD); // …its password never
    expect(log).not.toContain(TOKEN);
  }, 90_000);
});
