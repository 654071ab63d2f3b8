// A stand-in parse thread for parse-threads.test.ts: waits for its job as process-file-worker.ts does, takes files
// from the shared queue (slot 0 the next index, slot 1 the files posted) and posts a line naming itself instead of a
// prepared file. Once it has taken its first file it leaves a marker beside the files, so the test knows the thread
// is at work.
import fs from 'node:fs';
import { workerData } from 'node:worker_threads';

const { port } = workerData;
const { files, shared } = await new Promise((resolve) => port.once('message', resolve));
const counters = new Int32Array(shared);
for (let index = Atomics.add(counters, 0, 1), first = true; index < files.length; index = Atomics.add(counters, 0, 1), first = false) {
  if (first) fs.writeFileSync(`${files[0]}.thread-started`, String(index));
  port.postMessage({ index, file: { line: `thread ${files[index]}\n`, failed: false } });
  Atomics.add(counters, 1, 1);
  Atomics.notify(counters, 1);
}
port.close();
