// A parse thread of `copydesk process` as the compiled modules run it (dist/src: parse-thread-boot.ts starts it by a
// URL relative to its own module). The bundle's parse thread is parse-thread-loader.ts, which runs the same job from
// V8's code cache.
import { runParseThread } from './parse-thread-job.js';

await runParseThread();
