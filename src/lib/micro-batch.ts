// Group commit for the webhook's hot path: callers arriving within the same turn of the event loop share
// one database statement and one Redis round trip instead of one each. Every caller still waits for its
// own outcome (its row committed, its job in Redis), so a 200 still means "durable".

export interface MicroBatchOptions<T, R> {
  /** Runs one batch; resolves with one result per item, in order. */
  run(items: T[]): Promise<R[]>;
  /** Most items in one batch (a statement's parameters, a pipeline's size). */
  maxItems: number;
  /**
   * When the whole batch fails, retry its items one by one (each in a batch of its own) so one bad item
   * fails alone; leave false where the failure is shared (a connection down).
   */
  isolateFailures?: (err: unknown) => boolean;
}

export interface MicroBatch<T, R> {
  push(item: T): Promise<R>;
}

interface Pending<T, R> {
  item: T;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

export function microBatch<T, R>(opts: MicroBatchOptions<T, R>): MicroBatch<T, R> {
  let queue: Pending<T, R>[] = [];
  let scheduled = false;

  async function runBatch(batch: Pending<T, R>[]): Promise<void> {
    let results: R[];
    try {
      results = await opts.run(batch.map((p) => p.item));
      if (results.length !== batch.length) throw new Error(`batch returned ${results.length} results for ${batch.length} items`);
    } catch (err) {
      if (batch.length > 1 && opts.isolateFailures?.(err)) {
        await Promise.all(batch.map((p) => runBatch([p])));
        return;
      }
      for (const p of batch) p.reject(err);
      return;
    }
    batch.forEach((p, i) => p.resolve(results[i]!));
  }

  function flush(): void {
    scheduled = false;
    while (queue.length > 0) {
      const batch = queue.slice(0, opts.maxItems);
      queue = queue.slice(opts.maxItems);
      void runBatch(batch);
    }
  }

  return {
    push(item) {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (queue.length >= opts.maxItems) flush();
        else if (!scheduled) {
          scheduled = true;
          // After the I/O callbacks of this turn: requests parsed together are stored together.
          setImmediate(flush);
        }
      });
    },
  };
}
