// The first module bin/copydesk.js runs, before it loads the CLI: a `copydesk process` run on many files boots its
// parse thread here, about 15 ms sooner than the CLI's own modules would (their loading and compiling come first).
// It loads nothing but the boot module (src/pipeline/parse-thread-boot.ts), which the CLI's bundle shares.
import { bootForCommandLine } from '../pipeline/parse-thread-boot.js';

bootForCommandLine();
