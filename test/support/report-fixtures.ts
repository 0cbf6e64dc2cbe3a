import type { CreatorWeek, ReportInputs } from '#functions/reports/domain/figures.ts';
import type { AttentionList } from '#functions/reports/domain/types.ts';

const none: AttentionList = { total: 0, items: [] };

/**
 * A busy, realistic week for one partner (the unit tests' and the screenshot script's input): user-supplied names
 * with markup and quotes, two currencies, every area recording, pending reviews.
 */
export function sampleReportInputs(overrides: Partial<ReportInputs> = {}): ReportInputs {
  const creators: CreatorWeek[] = Array.from({ length: 14 }, (_, index) => ({
    creatorId: `cr_${String(index).padStart(2, '0')}`,
    counters: {
      'orders.affiliate': 30 - index * 2,
      'gmv.USD': 480_000 - index * 31_500,
      'commission.USD': 48_000 - index * 3_150,
      ...(index < 4 ? { [`creators.onboarded.${index % 2 === 0 ? 'top' : 'mid'}`]: 1 } : {}),
    },
  }));
  creators.push({
    creatorId: 'cr_idr',
    counters: { 'orders.affiliate': 4, 'gmv.IDR': 250_000_000, 'commission.IDR': 12_500_000 },
  });
  const names = ['Siti <b>Rahma</b>', 'Budi "BB" Santoso', '=cmd|calc', 'Dewi, Ayu', 'Putri Lestari'];
  const tiers = ['top', 'mid', 'long-tail'] as const;
  const profiles = Object.fromEntries(
    creators.map((creator, index) => [
      creator.creatorId,
      {
        creatorId: creator.creatorId,
        handle: `creator.${index}`,
        displayName: names[index] ?? `Creator ${index}`,
        tier: tiers[index % 3] ?? 'mid',
        status: 'ACTIVE' as const,
      },
    ]),
  );
  const weekly = (scale: number, onboarded: number) => ({
    'creators.decided': 10 + onboarded,
    'creators.approved': 6 + onboarded,
    'creators.rejected': 4,
    'creators.onboarded.top': Math.floor(onboarded / 3),
    'creators.onboarded.mid': Math.floor(onboarded / 3),
    'creators.onboarded.long-tail': 6 + onboarded - 2 * Math.floor(onboarded / 3),
    'sellers.authorized': 3,
    'campaigns.launched': 2,
    'campaigns.ended': 1,
    'invitations.sent': 40,
    'orders.affiliate': Math.round(240 * scale),
    'gmv.USD': Math.round(4_500_000 * scale),
    'commission.USD': Math.round(450_000 * scale),
    'violations.low': 2,
    'violations.high': scale > 1 ? 1 : 0,
  });
  const weeks = [
    '2026-W38',
    '2026-W39',
    '2026-W40',
    '2026-W41',
    '2026-W42',
    '2026-W43',
    '2026-W44',
    '2026-W45',
  ];
  const scales = [0.55, 0.62, 0.7, 0.66, 0.81, 0.9, 0.84, 1.08];
  const weeklyCounters = Object.fromEntries(
    weeks.map((week, index) => [week, weekly(scales[index] ?? 1, index + 1)]),
  );
  (weeklyCounters['2026-W45'] as Record<string, number>)['gmv.IDR'] = 250_000_000;
  return {
    partner: { partnerId: 'acme', name: 'Acme <Agency> & "Sons"', timezone: 'Asia/Jakarta' },
    week: '2026-W45',
    generatedAt: '2026-11-09T01:00:05.000Z',
    weeklyCounters,
    creators,
    previousCreators: creators.slice(0, 6).map((creator, index) => ({
      creatorId: creator.creatorId,
      counters: { 'gmv.USD': 400_000 - index * 50_000 },
    })),
    profiles,
    attention: {
      reviewsPending: {
        total: 12,
        items: Array.from({ length: 3 }, (_, index) => ({
          id: `rv_${index}`,
          title: `@pending.${index}`,
          detail: `creator review, due 2026-11-1${index} 09:00 UTC`,
        })),
      },
      reviewsPastSla: {
        total: 1,
        items: [
          { id: 'rv_late', title: '@late<script>', detail: 'creator review, due 2026-11-06 09:00 UTC' },
        ],
      },
      sellersAuthorization: none,
      creatorsAtRisk: none,
      campaignsEnding: none,
    },
    campaignsActive: { current: 0, previous: null },
    ...overrides,
  };
}
