// A parse thread of `copydesk process` (started by parse-threads.ts): takes files from the run's shared queue, reads
// and parses each (the pipeline's first stage) and posts the result to the main thread, which runs the rest of the
// pipeline. It loads only the parsers: not the text rules, nor the entity model.
import { workerData } from 'node:worker_threads';
import { parseStage } from './parse-stage.js';
import { FileQueue, type ParsedMessage, type ParseThreadData } from './parse-threads.js';
import { readAndParse } from './process-files.js';

const { files, maxFileBytes, shared, port } = workerData as ParseThreadData;
const queue = new FileQueue(files.length, shared);
for (let index = queue.take(); index >= 0; index = queue.take()) {
  queue.waitForRoom(index);
  const file = readAndParse(files[index]!, ({ bytes, originalName }) => parseStage(bytes, { originalName, maxFileBytes }));
  port.postMessage({ index, file } satisfies ParsedMessage);
  queue.posted();
}
port.close();
