import { describe, expect, it } from 'vitest';
import { ExecutionFeed, type FeedExecution, type FeedPage } from '#infra/ops/executions-feed.ts';

const execution = (machine: string, minute: number): FeedExecution => ({
  executionArn: `arn:${machine}:${minute}`,
  stateMachineArn: machine,
  name: `${machine}-${minute}`,
  status: 'SUCCEEDED',
  startDate: new Date(Date.UTC(2026, 10, 21, 10, minute)),
});

/** Each machine lists its executions newest first, two per page, like ListExecutions. */
function machines(starts: Record<string, number[]>) {
  const calls: string[] = [];
  const fetchPage = async (machine: string, token: string | undefined): Promise<FeedPage> => {
    calls.push(`${machine}@${token ?? 0}`);
    const all = (starts[machine] ?? [])
      .map((minute) => execution(machine, minute))
      .sort((a, b) => b.startDate.getTime() - a.startDate.getTime());
    const from = Number(token ?? 0);
    const next = from + 2 < all.length ? String(from + 2) : undefined;
    return { items: all.slice(from, from + 2), ...(next === undefined ? {} : { nextToken: next }) };
  };
  return { calls, fetchPage };
}

describe('ExecutionFeed', () => {
  it('merges the machines newest first, page by page, reading each only as far as needed', async () => {
    // Arrange
    const source = machines({ a: [1, 5, 9, 13], b: [2, 3, 4] });
    const feed = new ExecutionFeed({ stateMachineArns: ['a', 'b'], fetchPage: source.fetchPage });

    // Act
    const first = await feed.take(3);
    const callsAfterFirst = source.calls.length;
    const rest = await feed.take(10);

    // Assert
    expect(first.map((item) => item.name)).toEqual(['a-13', 'a-9', 'a-5']);
    expect(callsAfterFirst).toBe(3);
    expect(rest.map((item) => item.name)).toEqual(['b-4', 'b-3', 'b-2', 'a-1']);
    expect(feed.more).toBe(false);
  });

  it('stops each machine at the first execution older than `since`', async () => {
    // Arrange
    const source = machines({ a: [1, 2, 3, 4, 5, 6], b: [7] });
    const feed = new ExecutionFeed({
      stateMachineArns: ['a', 'b'],
      fetchPage: source.fetchPage,
      since: new Date(Date.UTC(2026, 10, 21, 10, 5)),
    });

    // Act
    const all = await feed.take(100);

    // Assert
    expect(all.map((item) => item.name)).toEqual(['b-7', 'a-6', 'a-5']);
    expect(source.calls).toEqual(['a@0', 'b@0', 'a@2']);
  });
});
