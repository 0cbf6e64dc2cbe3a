// Every workflow's executions as one list, newest first, read page by page. Step Functions lists executions per
// state machine (each newest first); this merges those lists lazily, so a page costs a few calls, not a scan.

/** The members of a listed execution this module reads (the SDK's ExecutionListItem, dates parsed). */
export interface FeedExecution {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status: string;
  readonly startDate: Date;
  readonly stopDate?: Date;
  readonly redriveCount?: number;
}

export interface FeedPage {
  readonly items: readonly FeedExecution[];
  readonly nextToken?: string;
}

/** One ListExecutions call on one state machine. */
export type FetchExecutionsPage = (
  stateMachineArn: string,
  nextToken: string | undefined,
) => Promise<FeedPage>;

export interface ExecutionFeedOptions {
  readonly stateMachineArns: readonly string[];
  readonly fetchPage: FetchExecutionsPage;
  /** Executions started before this are not listed (each machine's reading stops there). */
  readonly since?: Date;
  /** Told after every call, e.g. to show progress on a long listing. */
  readonly onFetch?: (calls: number) => void;
}

interface Source {
  readonly stateMachineArn: string;
  buffer: FeedExecution[];
  nextToken: string | undefined;
  done: boolean;
}

const newerFirst = (a: FeedExecution, b: FeedExecution) =>
  b.startDate.getTime() - a.startDate.getTime() || a.name.localeCompare(b.name);

/**
 * A cursor over the executions of several state machines at once, newest first. `take(n)` answers the next n
 * (fewer at the end); `more` tells whether any are left. Each machine is read only as far as needed.
 */
export class ExecutionFeed {
  private readonly sources: Source[];
  private calls = 0;

  constructor(private readonly options: ExecutionFeedOptions) {
    this.sources = options.stateMachineArns.map((stateMachineArn) => ({
      stateMachineArn,
      buffer: [],
      nextToken: undefined,
      done: false,
    }));
  }

  get more(): boolean {
    return this.sources.some((source) => source.buffer.length > 0 || !source.done);
  }

  async take(count: number): Promise<FeedExecution[]> {
    const taken: FeedExecution[] = [];
    while (taken.length < count) {
      // A machine whose buffer ran dry may hold the next-newest execution: read it before choosing.
      await Promise.all(
        this.sources
          .filter((source) => source.buffer.length === 0 && !source.done)
          .map((source) => this.fill(source)),
      );
      let newest: Source | undefined;
      for (const source of this.sources) {
        const head = source.buffer[0];
        const best = newest?.buffer[0];
        if (head !== undefined && (best === undefined || newerFirst(head, best) < 0)) newest = source;
      }
      const next = newest?.buffer.shift();
      if (next === undefined) break;
      taken.push(next);
    }
    return taken;
  }

  private async fill(source: Source): Promise<void> {
    const page = await this.options.fetchPage(source.stateMachineArn, source.nextToken);
    this.calls += 1;
    this.options.onFetch?.(this.calls);
    const since = this.options.since;
    const items = [...page.items].sort(newerFirst);
    const fresh = since === undefined ? items : items.filter((item) => item.startDate >= since);
    source.buffer = fresh;
    source.nextToken = page.nextToken;
    source.done = page.nextToken === undefined || fresh.length < items.length;
  }
}
