export interface MicroBatcherOptions<In, Out> {
  /**
   * Runs one batch and returns one result per item, in the items' order. A throw
   * rejects every caller of that batch (and only them).
   */
  run(items: In[]): Promise<Out[]>;
  /** A batch is sent as soon as its items weigh this much. */
  maxSize: number;
  /**
   * How long the first item of a batch waits for others. 0: no timer; a batch goes
   * out on the next turn of the event loop, or when a running batch makes room.
   */
  maxWaitMs: number;
  /**
   * Batches running at once (default: no limit). While the limit is reached, new
   * items gather into the next batch, so under load batches grow by themselves and
   * when idle nothing waits longer than `maxWaitMs`.
   */
  maxInFlight?: number;
  /** An item's share of `maxSize` (default 1), e.g. the number of reports it carries. */
  weight?(item: In): number;
  /**
   * Whether a failed batch may be split to find the item that failed it (default: never).
   * When this says yes, a batch of several items is run again in halves, in order, down
   * to single items, so one bad item fails alone and the rest succeed. Say no for an
   * outage (every half would fail too) and for work that must not be repeated.
   */
  splitWhen?(error: unknown): boolean;
}

interface Waiting<In, Out> {
  item: In;
  resolve(result: Out): void;
  reject(error: unknown): void;
}

/**
 * Gathers the calls of many concurrent jobs into one round trip: each caller gets a
 * promise of its own item's result, which settles when the batch holding it has run.
 * So a job that awaits its result completes only once its share of the batch is
 * done (committed, for a database statement), and a failed batch fails exactly the
 * jobs in it.
 */
export class MicroBatcher<In, Out> {
  private waiting: Waiting<In, Out>[] = [];
  private waitingWeight = 0;
  private inFlight = 0;
  private timer?: NodeJS.Timeout;
  private tick = false;
  private readonly maxInFlight: number;
  private readonly weight: (item: In) => number;

  constructor(private readonly options: MicroBatcherOptions<In, Out>) {
    if (!(options.maxSize >= 1)) throw new RangeError(`maxSize must be at least 1, got ${options.maxSize}`);
    if (!(options.maxWaitMs >= 0)) throw new RangeError(`maxWaitMs must be 0 or more, got ${options.maxWaitMs}`);
    this.maxInFlight = options.maxInFlight ?? Infinity;
    if (!(this.maxInFlight >= 1)) throw new RangeError(`maxInFlight must be at least 1, got ${this.maxInFlight}`);
    this.weight = options.weight ?? (() => 1);
  }

  submit(item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.waitingWeight += this.weight(item);
      this.schedule();
    });
  }

  /** Items gathered and not yet sent. */
  get pending(): number {
    return this.waiting.length;
  }

  private schedule(): void {
    if (this.waiting.length === 0 || this.inFlight >= this.maxInFlight) return;
    if (this.waitingWeight >= this.options.maxSize) {
      this.flush();
    } else if (this.options.maxWaitMs === 0) {
      if (!this.tick) {
        this.tick = true;
        setImmediate(() => {
          this.tick = false;
          this.flush();
        });
      }
    } else {
      this.timer ??= setTimeout(() => this.flush(), this.options.maxWaitMs);
    }
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.waiting.length === 0 || this.inFlight >= this.maxInFlight) return;
    const batch = this.take();
    this.inFlight += 1;
    void this.run(batch).finally(() => {
      // What gathered while every slot was busy has waited a whole batch already: send it now.
      const wasFull = this.inFlight >= this.maxInFlight;
      this.inFlight -= 1;
      if (wasFull) this.flush();
      else this.schedule();
    });
    // An oversized backlog (gathered while the in-flight limit was reached) goes out in several batches.
    this.schedule();
  }

  /** The oldest items up to maxSize (at least one, however heavy). */
  private take(): Waiting<In, Out>[] {
    let weight = 0;
    let count = 0;
    while (count < this.waiting.length) {
      const next = this.weight(this.waiting[count]!.item);
      if (count > 0 && weight + next > this.options.maxSize) break;
      weight += next;
      count += 1;
    }
    this.waitingWeight -= weight;
    return this.waiting.splice(0, count);
  }

  private async run(batch: Waiting<In, Out>[]): Promise<void> {
    let results: Out[];
    try {
      results = await this.options.run(batch.map((entry) => entry.item));
      if (results.length !== batch.length) {
        throw new Error(`batch of ${batch.length} returned ${results.length} results`);
      }
    } catch (error) {
      if (batch.length > 1 && this.options.splitWhen?.(error)) {
        const middle = Math.ceil(batch.length / 2);
        await this.run(batch.slice(0, middle));
        await this.run(batch.slice(middle));
        return;
      }
      for (const entry of batch) entry.reject(error);
      return;
    }
    batch.forEach((entry, index) => entry.resolve(results[index]!));
  }
}
