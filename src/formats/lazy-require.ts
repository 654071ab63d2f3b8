// A package required on first use instead of imported: the parsers for formats a run may never see (XML, email,
// legacy charsets) stay unloaded, so a run of UTF-8 pages and text starts without them.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** A function that requires `id` the first time it is called and returns the same module after. */
export function lazyRequire<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(id) as T);
}
