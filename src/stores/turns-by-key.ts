// Work on one key at a time within this process: each call for a key starts when the previous one for the same
// key has settled (whether it succeeded or failed); calls for different keys run side by side. Used where two
// writers of the same thing in one process would lose an update (a document's webhook deliveries, the raw
// archive's metadata for one content hash). Other processes need their own lock.
export class TurnsByKey {
  /** The last call queued per key; removed when it settles and nothing queued after it. */
  private readonly last = new Map<string, Promise<unknown>>();

  async run<T>(key: string, step: () => Promise<T>): Promise<T> {
    const turn = (this.last.get(key) ?? Promise.resolve()).catch(() => undefined).then(step);
    this.last.set(key, turn);
    try {
      return await turn;
    } finally {
      if (this.last.get(key) === turn) this.last.delete(key);
    }
  }

  /** Keys with a call queued or running. */
  get size(): number {
    return this.last.size;
  }
}
