// Jest global setup: the integration tests need a real Redis. Uses REDIS_URL when it answers; otherwise starts a
// throw-away redis-server on a free port (if one is installed) and points REDIS_URL at it for every test worker.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort, hasRedisServer } from '../scripts/free-port.mjs';

function ping(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => { socket.destroy(); resolve(ok); };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}


export default async function globalSetup() {
  const url = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  if (await ping(url.hostname, Number(url.port || 6379))) return;
  if (!hasRedisServer()) {
    throw new Error(`no Redis answers at ${url.host} and no redis-server is installed: install Redis or set REDIS_URL`);
  }
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'copydesk-test-redis-'));
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  for (let i = 0; i < 50 && !(await ping('127.0.0.1', port)); i++) await new Promise((r) => setTimeout(r, 100));
  process.env.REDIS_URL = `redis://127.0.0.1:${port}`;
  globalThis.__copydeskTestRedis = { child, dir };
  console.log(`\n(started a throw-away redis-server for the tests at ${process.env.REDIS_URL})`);
}
