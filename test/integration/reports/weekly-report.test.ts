import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportFigures } from '#functions/reports/domain/types.ts';
import { executionArnFor, statePath } from '#test/support/executions.ts';
import {
  api,
  type CapturedEmail,
  createApiKey,
  createPartner,
  sentEmails,
  startTestRuntime,
  type TestRuntime,
  waitForExecution,
} from '#test/support/runtime.ts';

interface Accepted {
  executionId: string;
  week: string;
  partners: string[];
  skipped: { partnerId: string; reason: string }[];
}
interface ReportAnswer {
  status: string;
  source: string;
  sendCount: number;
  figures: ReportFigures;
}

const SWEEP = 'weekly-report-sweep';
const SENT_PATH = [
  'ListReportsDue',
  'AnyReportsDue',
  'SendEachReport',
  'ClaimReportWeek',
  'WasWeekClaimed',
  'BuildReport',
  'SendReport',
  'MarkReportSent',
  'ReportSent',
  'SummarizeReportRun',
  'AnyReportFailed',
  'ReportsDone',
];

let runtime: TestRuntime;
let seeds: typeof import('#test/support/reports.ts');
let counters: typeof import('#lib/metrics/report-counters.ts');

beforeAll(async () => {
  runtime = await startTestRuntime({ time: { timeScale: 0.001 } });
  seeds = await import('#test/support/reports.ts');
  counters = await import('#lib/metrics/report-counters.ts');
});
afterAll(() => runtime?.close());

async function finishedRun(executionArn: string) {
  const execution = await waitForExecution(runtime, executionArn, 30_000);
  return {
    execution,
    output: JSON.parse(execution.output ?? '{}'),
    path: await statePath(runtime, executionArn),
  };
}

async function emailsTo(address: string): Promise<CapturedEmail[]> {
  return (await sentEmails(runtime)).filter((email) => email.destination.to.includes(address));
}

describe('a seeded week', () => {
  const name = 'Acme <b>Agency</b> & "Sons"';
  const week = '2025-W40';
  const previousWeek = '2025-W39';
  let partnerId: string;
  let manager: string;
  let managerKey: string;
  let events: import('#test/support/reports.ts').SeededEvent[];
  let creatorIds: string[];

  beforeAll(async () => {
    const partner = await createPartner(runtime, { name, timezone: 'Asia/Jakarta' });
    partnerId = partner.partnerId;
    manager = partner.managerEmails[0] ?? '';
    managerKey = await createApiKey(runtime, { role: 'manager', partnerId });
    const { REPORT_COUNTERS: C, onboardedCounter, affiliateOrderCounters, violationCounter } = counters;
    const tiers = ['top', 'mid', 'long-tail', 'mid', 'top', 'long-tail'] as const;
    creatorIds = Array.from({ length: 12 }, (_, index) => `cr_${partnerId.slice(-6)}${index}`);
    const displayNames = ['Zoë "Z" O\'Hara, <img src=x onerror=alert(1)>', '=HYPERLINK("http://x")'];
    await Promise.all(
      creatorIds.map((creatorId, index) =>
        seeds.putCreatorProfile(partnerId, {
          creatorId,
          handle: `creator.${index}.${partnerId.slice(-6)}`,
          displayName: displayNames[index] ?? `Creator ${index}`,
          tier: tiers[index % tiers.length] ?? 'mid',
        }),
      ),
    );
    const base = { partnerId, timezone: 'Asia/Jakarta' };
    const day = (date: string, time = '10:00') => `${date}T${time}:00+07:00`;
    const w40Days = [
      '2025-09-29',
      '2025-09-30',
      '2025-10-01',
      '2025-10-02',
      '2025-10-03',
      '2025-10-04',
      '2025-10-05',
    ];
    const w39Days = ['2025-09-22', '2025-09-23', '2025-09-24', '2025-09-25'];
    const seeded: import('#test/support/reports.ts').SeededEvent[] = [];
    const add = (
      expectedWeek: string,
      eventId: string,
      occurredAt: string,
      values: Record<string, number>,
      creatorId?: string,
    ) =>
      seeded.push({
        ...base,
        expectedWeek,
        eventId,
        occurredAt,
        counters: values,
        ...(creatorId === undefined ? {} : { creatorId }),
      });
    // Orders: 40 in USD across the 12 creators, 3 in IDR, 10 the week before; two around the local week's end.
    for (let index = 0; index < 40; index += 1) {
      const gmv = 1000 + index * 137;
      add(
        week,
        `order#w40-${index}`,
        day(w40Days[index % 7] ?? ''),
        affiliateOrderCounters({
          gmv: { amountMinor: gmv, currency: 'USD' },
          commission: { amountMinor: Math.floor(gmv / 10), currency: 'USD' },
        }),
        creatorIds[index % 12],
      );
    }
    for (let index = 0; index < 3; index += 1) {
      add(
        week,
        `order#w40-idr-${index}`,
        day('2025-10-02'),
        affiliateOrderCounters({
          gmv: { amountMinor: 15_000_000, currency: 'IDR' },
          commission: { amountMinor: 750_000, currency: 'IDR' },
        }),
        creatorIds[2],
      );
    }
    for (let index = 0; index < 10; index += 1) {
      add(
        previousWeek,
        `order#w39-${index}`,
        day(w39Days[index % 4] ?? ''),
        affiliateOrderCounters({
          gmv: { amountMinor: 2000 + index * 50, currency: 'USD' },
          commission: { amountMinor: 200, currency: 'USD' },
        }),
        creatorIds[index % 5],
      );
    }
    // Sunday 23:30 in Jakarta is still W40; Monday 00:30 is W41 (both are Sunday in UTC).
    add(
      week,
      'order#edge-in',
      day('2025-10-05', '23:30'),
      affiliateOrderCounters({
        gmv: { amountMinor: 999, currency: 'USD' },
        commission: { amountMinor: 99, currency: 'USD' },
      }),
      creatorIds[3],
    );
    add(
      '2025-W41',
      'order#edge-out',
      day('2025-10-06', '00:30'),
      affiliateOrderCounters({
        gmv: { amountMinor: 5555, currency: 'USD' },
        commission: { amountMinor: 555, currency: 'USD' },
      }),
      creatorIds[3],
    );
    // Onboarding decisions (the counters the onboarding workflow records), with the creator.
    creatorIds.slice(0, 5).forEach((creatorId, index) => {
      const tier = tiers[index] ?? 'mid';
      add(
        week,
        `creator-onboarding#${creatorId}`,
        day(w40Days[index] ?? ''),
        { [C.creatorsDecided]: 1, [C.creatorsApproved]: 1, [onboardedCounter(tier)]: 1 },
        creatorId,
      );
    });
    for (const [index, creatorId] of ['cr_rejected1', 'cr_rejected2'].entries()) {
      add(week, `creator-onboarding#${creatorId}${partnerId}`, day(w40Days[index] ?? ''), {
        [C.creatorsDecided]: 1,
        [C.creatorsRejected]: 1,
        [C.reviewsDecided]: 1,
      });
    }
    for (let index = 0; index < 4; index += 1) {
      add(
        previousWeek,
        `creator-onboarding#old${index}`,
        day('2025-09-23'),
        index < 2
          ? { [C.creatorsDecided]: 1, [C.creatorsApproved]: 1, [onboardedCounter('long-tail')]: 1 }
          : { [C.creatorsDecided]: 1, [C.creatorsRejected]: 1 },
      );
    }
    // The other areas, recorded with the names report-counters.ts defines.
    for (let index = 0; index < 3; index += 1)
      add(week, `seller-authorized#shop${index}#a1`, day('2025-09-30'), { [C.sellersAuthorized]: 1 });
    add(previousWeek, 'seller-authorized#shop9#a1', day('2025-09-22'), { [C.sellersAuthorized]: 1 });
    for (let index = 0; index < 2; index += 1)
      add(week, `campaign-launched#cp${index}`, day('2025-10-01'), { [C.campaignsLaunched]: 1 });
    add(previousWeek, 'campaign-launched#cp9', day('2025-09-22'), { [C.campaignsLaunched]: 1 });
    add(week, 'campaign-ended#cp9', day('2025-10-04'), { [C.campaignsEnded]: 1 });
    for (let index = 0; index < 12; index += 1)
      add(week, `invitation#cp0#${index}`, day('2025-10-01'), { [C.invitationsSent]: 1 });
    for (let index = 0; index < 5; index += 1)
      add(previousWeek, `invitation#cp9#${index}`, day('2025-09-22'), { [C.invitationsSent]: 1 });
    add(week, 'violation#v1', day('2025-10-02'), { [violationCounter('low')]: 1 });
    add(week, 'violation#v2', day('2025-10-03'), { [violationCounter('low')]: 1 });
    add(week, 'violation#v3', day('2025-10-03'), { [violationCounter('high')]: 1 });
    add(previousWeek, 'violation#v0', day('2025-09-24'), { [violationCounter('medium')]: 1 });
    events = seeded;
    // Every event recorded twice, as a retried step would: each must count once.
    await seeds.recordAll(events, 2);
  });

  it('produces a report whose every figure matches an independent count of the seeded events', async () => {
    // Arrange
    const { REPORT_COUNTERS: C, onboardedCounter, violationCounter } = counters;
    const count = (counter: string, inWeek = week) => seeds.expectedCount(events, inWeek, counter);

    // Act
    const answer = await api(runtime, managerKey).post<Accepted>('/v1/reports/weekly', { week });
    const run = await finishedRun(executionArnFor('weekly-partner-report', answer.body.executionId));
    const report = await api(runtime, managerKey).get<ReportAnswer>(`/v1/reports/${partnerId}/${week}`);

    // Assert
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ week, partners: [partnerId], skipped: [] });
    expect(run.execution.status).toBe('SUCCEEDED');
    expect(run.path).toEqual(SENT_PATH);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ status: 'SENT', source: 'AS_SENT', sendCount: 1 });
    const { headline, chart, topCreators } = report.body.figures;
    const figure = (counter: string) => ({ current: count(counter), previous: count(counter, previousWeek) });
    expect(headline.affiliateOrders).toMatchObject(figure(C.ordersAffiliate));
    expect(headline.sellersAuthorized).toMatchObject(figure(C.sellersAuthorized));
    expect(headline.campaignsLaunched).toMatchObject(figure(C.campaignsLaunched));
    expect(headline.campaignsEnded).toMatchObject(figure(C.campaignsEnded));
    expect(headline.invitationsSent).toMatchObject(figure(C.invitationsSent));
    expect(headline.applicationsDecided).toMatchObject(figure(C.creatorsDecided));
    for (const tier of ['top', 'mid', 'long-tail'] as const) {
      expect(headline.creatorsOnboardedByTier[tier]).toMatchObject(figure(onboardedCounter(tier)));
    }
    expect(headline.creatorsOnboarded.current).toBe(5);
    for (const severity of ['low', 'medium', 'high', 'critical'] as const) {
      expect(headline.violations[severity]).toMatchObject(figure(violationCounter(severity)));
    }
    expect(headline.gmv.map((money) => [money.currency, money.current, money.previous])).toEqual([
      ['USD', count('gmv.USD'), count('gmv.USD', previousWeek)],
      ['IDR', count('gmv.IDR'), count('gmv.IDR', previousWeek)],
    ]);
    expect(headline.commission.map((money) => [money.currency, money.current])).toEqual([
      ['USD', count('commission.USD')],
      ['IDR', count('commission.IDR')],
    ]);
    const rate = (inWeek: string) =>
      Math.round((count(C.creatorsApproved, inWeek) / count(C.creatorsDecided, inWeek)) * 1000) / 10;
    expect(headline.approvalRate).toMatchObject({ current: rate(week), previous: rate(previousWeek) });
    const gmvByCreator = seeds.expectedByCreator(events, week, 'gmv.USD');
    const previousByCreator = seeds.expectedByCreator(events, previousWeek, 'gmv.USD');
    const expectedTop = [...gmvByCreator.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10);
    const usd = topCreators.find((ranking) => ranking.currency === 'USD');
    expect(
      usd?.creators.map((creator) => [creator.creatorId, creator.gmv.current, creator.gmv.previous]),
    ).toEqual(expectedTop.map(([creatorId, gmv]) => [creatorId, gmv, previousByCreator.get(creatorId) ?? 0]));
    expect(chart.map((entry) => entry.week)).toEqual([
      '2025-W33',
      '2025-W34',
      '2025-W35',
      '2025-W36',
      '2025-W37',
      '2025-W38',
      '2025-W39',
      '2025-W40',
    ]);
    expect(chart.at(-1)).toMatchObject({
      onboarded: 5,
      gmv: { USD: count('gmv.USD'), IDR: count('gmv.IDR') },
    });
    expect(chart.at(-2)).toMatchObject({ onboarded: 2, gmv: { USD: count('gmv.USD', previousWeek) } });
  });

  it('emails every manager once, with the subject, an escaped HTML body, a text part and a CSV that parses back', async () => {
    // Act
    const [email, ...others] = await emailsTo(manager);

    // Assert
    expect(others).toEqual([]);
    expect(email?.subject).toBe(`PartnerFlow weekly report — ${name} — ${week}`);
    const html = email?.body.html ?? '';
    expect(html).toContain('Acme &lt;b&gt;Agency&lt;/b&gt; &amp; &quot;Sons&quot;');
    expect(html).not.toContain('<b>Agency</b>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toMatch(/<img|<svg|src="http|url\(/i);
    expect(email?.body.text).toContain('Affiliate orders');
    const [attachment] = email?.attachments ?? [];
    expect(attachment).toMatchObject({ filename: `partnerflow-${partnerId}-${week}-creators.csv` });
    const records: Record<string, string>[] = parse(Buffer.from(attachment?.content ?? '', 'base64'), {
      bom: true,
      columns: true,
    });
    const gmvByCreator = seeds.expectedByCreator(events, week, 'gmv.USD');
    const ordersByCreator = seeds.expectedByCreator(events, week, 'orders.affiliate');
    expect(records).toHaveLength(
      new Set(
        events.filter((e) => e.expectedWeek === week && e.creatorId !== undefined).map((e) => e.creatorId),
      ).size,
    );
    for (const creatorId of creatorIds) {
      const row = records.find((record) => record.creator_id === creatorId);
      expect(row?.gmv_USD).toBe(((gmvByCreator.get(creatorId) ?? 0) / 100).toFixed(2));
      expect(row?.orders).toBe(String(ordersByCreator.get(creatorId) ?? 0));
    }
    expect(records.find((record) => record.creator_id === creatorIds[0])?.display_name).toBe(
      'Zoë "Z" O\'Hara, <img src=x onerror=alert(1)>',
    );
    expect(records.find((record) => record.creator_id === creatorIds[1])?.display_name).toBe(
      '\'=HYPERLINK("http://x")',
    );
  });

  it('is not sent twice for the same week (409), and is sent again on resend', async () => {
    // Act
    const again = await api(runtime, managerKey).post('/v1/reports/weekly', { week });
    const resent = await api(runtime, managerKey).post<Accepted>('/v1/reports/weekly', {
      week,
      resend: true,
    });
    const run = await finishedRun(executionArnFor('weekly-partner-report', resent.body.executionId));
    const report = await api(runtime, managerKey).get<ReportAnswer>(`/v1/reports/${partnerId}/${week}`);
    const execution = await api(runtime, managerKey).get<{ status: string; outcome: { sent: unknown[] } }>(
      `/v1/executions/${resent.body.executionId}`,
    );

    // Assert
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'conflict' } });
    expect(resent.status).toBe(202);
    expect(run.execution.status).toBe('SUCCEEDED');
    expect(execution.body).toMatchObject({
      status: 'SUCCEEDED',
      outcome: { sent: [{ partnerId, week, status: 'SENT' }] },
    });
    expect(await emailsTo(manager)).toHaveLength(2);
    expect(report.body).toMatchObject({ status: 'SENT', sendCount: 2 });
  });

  it("keeps a manager to its own partner's reports", async () => {
    // Arrange
    const other = await createPartner(runtime, { timezone: 'Asia/Jakarta' });
    const otherKey = await createApiKey(runtime, { role: 'manager', partnerId: other.partnerId });

    // Act
    const post = await api(runtime, otherKey).post('/v1/reports/weekly', { partnerId, week });
    const get = await api(runtime, otherKey).get(`/v1/reports/${partnerId}/${week}`);
    const partnerKeyPost = await api(
      runtime,
      await createApiKey(runtime, { role: 'partner', partnerId }),
    ).post('/v1/reports/weekly', { week });

    // Assert
    expect(post.status).toBe(404);
    expect(get.status).toBe(404);
    expect(partnerKeyPost.status).toBe(403);
  });
});

describe('the schedule: Monday 08:00 in each partner time zone', () => {
  let kathmandu: { partnerId: string; manager: string };
  let newYork: { partnerId: string; manager: string; key: string };

  beforeAll(async () => {
    const a = await createPartner(runtime, { timezone: 'Asia/Kathmandu' });
    const b = await createPartner(runtime, { timezone: 'America/New_York' });
    kathmandu = { partnerId: a.partnerId, manager: a.managerEmails[0] ?? '' };
    newYork = {
      partnerId: b.partnerId,
      manager: b.managerEmails[0] ?? '',
      key: await createApiKey(runtime, { role: 'manager', partnerId: b.partnerId }),
    };
  });

  const sentIn = (output: { sent?: { partnerId: string; week: string }[] }) => output.sent ?? [];

  it('sends Kathmandu (UTC+5:45) its quiet-week report at 02:15 UTC on Monday, and nobody else', async () => {
    // Act
    const run = await finishedRun(await runtime.triggerSchedule(SWEEP, new Date('2025-11-03T02:15:00Z')));
    const [email] = await emailsTo(kathmandu.manager);

    // Assert
    expect(run.execution.status).toBe('SUCCEEDED');
    expect(sentIn(run.output)).toEqual([
      { partnerId: kathmandu.partnerId, week: '2025-W44', status: 'SENT' },
    ]);
    expect(email?.subject).toContain('2025-W44');
    expect(email?.body.text).toContain('A quiet week.');
    expect(email?.body.html).toContain('A quiet week.');
  });

  it('sends New York at 08:00 EDT (12:00 UTC) before the DST change and 08:00 EST (13:00 UTC) after it', async () => {
    // Act
    const october = await finishedRun(await runtime.triggerSchedule(SWEEP, new Date('2025-10-27T12:00:00Z')));
    const novemberAtTwelve = await finishedRun(
      await runtime.triggerSchedule(SWEEP, new Date('2025-11-03T12:00:00Z')),
    );
    const novemberAtOne = await finishedRun(
      await runtime.triggerSchedule(SWEEP, new Date('2025-11-03T13:00:00Z')),
    );

    // Assert
    expect(sentIn(october.output).map((sent) => [sent.partnerId, sent.week])).toEqual([
      [newYork.partnerId, '2025-W43'],
    ]);
    expect(novemberAtTwelve.path).toEqual(['ListReportsDue', 'AnyReportsDue', 'NoReportsDue']);
    expect(sentIn(novemberAtOne.output).map((sent) => [sent.partnerId, sent.week])).toEqual([
      [newYork.partnerId, '2025-W44'],
    ]);
    expect((await emailsTo(newYork.manager)).map((email) => email.subject.slice(-8))).toEqual([
      '2025-W43',
      '2025-W44',
    ]);
  });

  it('does not send the same week twice when the schedule fires again', async () => {
    // Act
    const repeat = await finishedRun(await runtime.triggerSchedule(SWEEP, new Date('2025-11-03T13:05:00Z')));
    const post = await api(runtime, newYork.key).post('/v1/reports/weekly', { week: '2025-W44' });

    // Assert
    expect(repeat.output).toMatchObject({
      sent: [],
      skipped: [
        { partnerId: newYork.partnerId, week: '2025-W44', status: 'SKIPPED', reason: 'ALREADY_SENT' },
      ],
    });
    expect(repeat.path).toContain('ReportNotSentAgain');
    expect(post.status).toBe(409);
    expect(await emailsTo(newYork.manager)).toHaveLength(2);
  });
});
