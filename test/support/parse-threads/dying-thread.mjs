// A stand-in parse thread for parse-threads.test.ts that dies under the first file it takes (as a thread that runs
// out of memory would), after leaving a marker file beside the files so that the test knows it has taken one.
import fs from 'node:fs';
import { workerData } from 'node:worker_threads';

const { port } = workerData;
const { files, shared } = await new Promise((resolve) => port.once('message', resolve));
const index = Atomics.add(new Int32Array(shared), 0, 1);
fs.writeFileSync(`${files[0]}.taken`, String(index));
throw new Error('the stand-in thread died under its file');
