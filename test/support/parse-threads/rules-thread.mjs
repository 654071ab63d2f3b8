// A stand-in parse thread for parse-threads.test.ts that, like process-file-worker.ts, takes its job, then waits for
// the rules (slot 3 of the shared counters: 1 once they are posted) before its first file, and names them in the
// line it posts for each file it takes.
import fs from 'node:fs';
import { receiveMessageOnPort, workerData } from 'node:worker_threads';

const { port } = workerData;
const { files, shared } = await new Promise((resolve) => port.once('message', resolve));
const counters = new Int32Array(shared);
let rules;
for (let index = Atomics.add(counters, 0, 1), first = true; index < files.length; index = Atomics.add(counters, 0, 1), first = false) {
  if (first) fs.writeFileSync(`${files[0]}.thread-started`, String(index));
  while (!rules) {
    const m = receiveMessageOnPort(port);
    if (m) rules = m.message.ruleSet;
    else Atomics.wait(counters, 3, 0, 100);
  }
  port.postMessage({ index, file: { line: `thread ${files[index]} with ${rules.hash}\n`, failed: false } });
  Atomics.add(counters, 1, 1);
  Atomics.notify(counters, 1);
}
port.close();
