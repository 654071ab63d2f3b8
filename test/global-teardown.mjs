// Jest global teardown: stops the throw-away redis-server that global setup may have started.
import fs from 'node:fs';

export default async function globalTeardown() {
  const started = globalThis.__copydeskTestRedis;
  if (!started) return;
  started.child.kill('SIGTERM');
  fs.rmSync(started.dir, { recursive: true, force: true });
}
