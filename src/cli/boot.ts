// The first module bin/copydesk.js runs, before it loads the CLI: a `copydesk process` run on many files boots its
// parse thread here, about 5 ms sooner than the CLI's own modules would (their loading and compiling come first:
// the thread started 62-65 ms into the process instead of 67-70).
// It loads nothing but the boot module (src/pipeline/parse-thread-boot.ts), which the CLI's bundle shares.
import { bootForCommandLine } from '../pipeline/parse-thread-boot.js';

bootForCommandLine();
