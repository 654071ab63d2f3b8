// What a parse thread of `copydesk process` does (booted by parse-thread-boot.ts; process-file-worker.ts or, in the
// bundle, parse-thread-loader.ts runs it): waits for its job (ParseJob) on its port, then takes files from the run's
// shared queue, reads each and runs the stages before the tagger on it (parse, text rules: prepare-stage.ts), and posts
// the result to the main thread, which tags it and builds its envelope. It loads the parsers, not the entity model,
// and is given the rules compiled.
import { workerData } from 'node:worker_threads';
import type { HtmlStory } from '../formats/html.js';
import type { ParseThreadData } from './parse-thread-boot.js';
import { FileQueue, type ParsedMessage, type ParseJob } from './parse-threads.js';
import { loadAgencies } from '../text/agencies.js';
import { parseStage } from './parse-stage.js';
import { createCleanStage, type CleanStage, type PrepareStage } from './prepare-stage.js';
import { readAndPrepare, reusedBufferReader, type PreparedFile } from './process-files.js';

/** What the main thread's stages do not read is not copied to it: a page's dropped blocks are for `copydesk explain`. */
function forMainThread(file: PreparedFile): PreparedFile {
  if ('prepared' in file) delete (file.prepared.story as HtmlStory).droppedBlocks;
  return file;
}

export interface ParseThreadHooks {
  /** Called once every file of the job is posted, before the port is closed (the main thread may end the thread then). */
  afterJob?: () => void;
}

/** Runs the thread's job: resolves when every file of the run has been taken and posted. */
export async function runParseThread(hooks: ParseThreadHooks = {}): Promise<void> {
  const { port } = workerData as ParseThreadData;
  // the job and the rules are taken off the port while this thread never returns to its event loop: the listener below
  // starts the port, and a message that arrived after it was removed would otherwise be handed to no listener
  const { files, maxFileBytes, learned, shared } = await new Promise<ParseJob>((resolve) => port.once('message', resolve));
  const queue = new FileQueue(files.length, shared);
  const agencies = loadAgencies();
  let clean: CleanStage | undefined;
  const prepare: PrepareStage = ({ bytes, originalName, sha256, repeatedLines }) => {
    const parsed = parseStage(bytes, { originalName, maxFileBytes, sha256 });
    // the rules come after the job: the first file is parsed while the main thread compiles them
    clean ??= createCleanStage({ ruleSet: queue.waitForRules(port), agencies });
    return clean(parsed, repeatedLines);
  };
  // one buffer for every file's bytes: a file's result is posted (copied) before the next file is read
  const read = reusedBufferReader();
  for (let index = queue.take(); index >= 0; index = queue.take()) {
    queue.waitForRoom(index);
    const file = forMainThread(readAndPrepare(files[index]!, prepare, learned, read));
    port.postMessage({ index, file } satisfies ParsedMessage);
    queue.posted();
  }
  hooks.afterJob?.();
  port.close();
}
