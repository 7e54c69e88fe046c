import { describe, expect, it } from 'vitest';
import { businessDates, dateIn, latestBusinessDate } from './calendar.ts';
import {
  DagDefinitionError,
  retryDelayMs,
  topologicalOrder,
  validateDag,
  type DagDefinition,
  type NodeDefinition,
} from './dag.ts';
import { DAILY_DAG } from './daily-dag.ts';
import { firedDates, parseSchedule } from './scheduler.ts';

const node = (id: string, deps: string[] = [], pool?: string): NodeDefinition => ({
  id,
  description: id,
  deps,
  partition: 'dt',
  ...(pool === undefined ? {} : { pool }),
  retry: { retries: 0, delaySeconds: 0, maxDelaySeconds: 0 },
  timeoutSeconds: 1,
});
const dagOf = (nodes: NodeDefinition[]): DagDefinition => ({
  id: 'test',
  description: 'test',
  nodes,
  pools: [{ name: 'p', slots: 1, description: '' }],
  maxActiveRuns: 1,
  startDate: '2026-01-01',
  catchup: true,
});

describe('the daily DAG definition', () => {
  it('is valid: known deps, declared pools, no cycle, sane retries and timeouts', () => {
    expect(() => {
      validateDag(DAILY_DAG);
    }).not.toThrow();
  });

  it('ingests the four sources independently, then transform, quality and load in that order', () => {
    const order = topologicalOrder(DAILY_DAG);
    const ingest = ['ingest_yahoo', 'ingest_sec', 'ingest_fx', 'ingest_openfigi'];
    expect(order.slice(0, 4).sort()).toEqual([...ingest].sort());
    expect(order.slice(4)).toEqual(['silver', 'gold', 'quality', 'load']);
    const byId = new Map(DAILY_DAG.nodes.map((n) => [n.id, n]));
    for (const id of ingest) {
      expect(byId.get(id)?.deps).toEqual([]);
      expect(byId.get(id)?.pool, id).toBe(`${id.slice('ingest_'.length)}_api`);
    }
    expect([...(byId.get('silver')?.deps ?? [])].sort()).toEqual([...ingest].sort());
    expect(byId.get('gold')?.deps).toEqual(['silver']);
    for (const n of DAILY_DAG.nodes) expect(n.partition).toBe('dt');
  });
});

describe('validateDag', () => {
  it('names a cycle, an unknown dependency, an unknown pool and a duplicate id', () => {
    expect(() => {
      validateDag(dagOf([node('a', ['c']), node('b', ['a']), node('c', ['b'])]));
    }).toThrow(/cycle: (a -> c -> b -> a|c -> b -> a -> c|b -> a -> c -> b)/);
    const problems = (() => {
      try {
        validateDag(dagOf([node('a', ['ghost']), node('b', [], 'nope'), node('b')]));
        return '';
      } catch (error) {
        expect(error).toBeInstanceOf(DagDefinitionError);
        return (error as Error).message;
      }
    })();
    expect(problems).toContain('node a: depends on unknown node "ghost"');
    expect(problems).toContain('node b: pool "nope" is not declared');
    expect(problems).toContain('node b: declared twice');
  });
});

describe('retry delays', () => {
  it('double per retry and stop at the cap', () => {
    const policy = { retries: 5, delaySeconds: 2, maxDelaySeconds: 10 };
    expect([1, 2, 3, 4, 5].map((r) => retryDelayMs(policy, r))).toEqual([2000, 4000, 8000, 10000, 10000]);
  });
});

describe('logical dates', () => {
  it('business dates of a range skip the weekend', () => {
    // 2026-02-13 is a Friday, 2026-02-16 a Monday.
    expect(businessDates('2026-02-12', '2026-02-17')).toEqual([
      '2026-02-12',
      '2026-02-13',
      '2026-02-16',
      '2026-02-17',
    ]);
    expect(latestBusinessDate('2026-02-15')).toBe('2026-02-13');
    expect(latestBusinessDate('2026-02-16')).toBe('2026-02-16');
  });

  it('a fire time after the US close is the same New York date, even when UTC has moved on', () => {
    expect(dateIn(new Date('2026-02-18T03:30:00Z'), 'America/New_York')).toBe('2026-02-17');
    expect(dateIn(new Date('2026-02-18T03:30:00Z'), 'UTC')).toBe('2026-02-18');
  });

  it('the default schedule fires on weekdays only, once per date', () => {
    const schedule = parseSchedule('30 18 * * 1-5', 'America/New_York');
    // Fri 13th 12:00 New York to Tue 17th 20:00 New York: Fri, Mon, Tue fire; the weekend does not.
    expect(
      firedDates(
        schedule,
        new Date('2026-02-13T17:00:00Z'),
        new Date('2026-02-18T01:00:00Z'),
        'America/New_York',
      ),
    ).toEqual(['2026-02-13', '2026-02-16', '2026-02-17']);
    expect(() => parseSchedule('30 18 * *', 'UTC')).toThrow(/FINPLAT_SCHEDULE_CRON/);
  });
});
