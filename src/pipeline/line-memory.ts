// Learned per-source boilerplate shared by every worker: Redis remembers, for each source, which documents carried
// each short line in a recent window. A line that recurs verbatim in enough documents of one source is that
// source's furniture (a tip line, a sponsor plug) and is removed with the rule id learned-repeated-line.
// One sorted set per (source, line): members are document content hashes (a document reprocessed or dropped twice
// counts once), scores the time it was seen; entries older than the window are trimmed and idle keys expire.
import crypto from 'node:crypto';
import type { Redis } from 'ioredis';
import { candidateLines, type RepeatedLineOptions } from '../text/repeated-lines.js';

export interface LineMemoryOptions extends RepeatedLineOptions {
  /** How far back documents count, in ms. */
  windowMs: number;
}

const sha1 = (text: string) => crypto.createHash('sha1').update(text).digest('hex');

export class RedisLineMemory {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly options: LineMemoryOptions,
  ) {}

  private key(source: string, line: string): string {
    return `${this.keyPrefix}:lines:${sha1(source).slice(0, 16)}:${sha1(line)}`;
  }

  /**
   * Records that document `docId` of `source` carries the lines of `text`, and returns those of its lines that
   * now recur in at least minDocuments documents of the source (this one included). One round trip per document.
   */
  async observe(source: string, docId: string, text: string, now = Date.now()): Promise<Set<string>> {
    const lines = candidateLines(text, this.options.maxWords);
    if (!lines.length) return new Set();
    const multi = this.redis.multi();
    for (const line of lines) {
      const key = this.key(source, line);
      multi.zadd(key, now, docId);
      multi.zremrangebyscore(key, '-inf', now - this.options.windowMs);
      multi.zcard(key);
      multi.pexpire(key, this.options.windowMs);
    }
    const replies = (await multi.exec()) ?? [];
    const repeated = new Set<string>();
    lines.forEach((line, i) => {
      const [err, count] = replies[i * 4 + 2] ?? [];
      if (!err && typeof count === 'number' && count >= this.options.minDocuments) repeated.add(line);
    });
    return repeated;
  }
}
