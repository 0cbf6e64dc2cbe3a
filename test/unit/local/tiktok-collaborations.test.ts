import { describe, expect, it } from 'vitest';
import { TargetCollaborationBook } from '#local/tiktok/collaborations.ts';
import type { StandInShop } from '#local/tiktok/state.ts';

const NOW = 1_800_000_000;
const shop: StandInShop = {
  id: '1',
  name: 'Glow',
  region: 'ID',
  cipher: 'ROW_x',
  code: 'IDLC1',
  sellerType: 'LOCAL',
};
const body = (overrides: Record<string, unknown> = {}) => ({
  name: 'Launch',
  end_time: String(NOW + 86_400),
  products: [{ id: 'p1', target_commission_rate: 1250 }],
  creator_user_ids: ['ann', 'bo'],
  ...overrides,
});

describe('the stand-in target collaborations', () => {
  it('refuses a creation whose creators already promote a product in a live collaboration of the shop', () => {
    // Arrange
    const book = new TargetCollaborationBook();
    book.create(shop, body(), NOW);

    // Act
    const refused = book.create(shop, body({ creator_user_ids: ['bo', 'cy'] }), NOW);
    const elsewhere = book.create({ ...shop, id: '2' }, body(), NOW);

    // Assert
    expect(refused).toEqual({
      status: 200,
      data: { target_collaboration_conflicts: [{ creator_user_id: 'bo', product_id: 'p1' }] },
    });
    expect(elsewhere).toMatchObject({
      status: 200,
      data: { target_collaboration: { id: expect.any(String) } },
    });
  });

  it('frees the creators once the collaboration is removed', () => {
    // Arrange
    const book = new TargetCollaborationBook();
    const created = book.create(shop, body(), NOW);
    const id =
      'data' in created
        ? (created.data as { target_collaboration: { id: string } }).target_collaboration.id
        : '';

    // Act
    const removed = book.remove(shop, id, NOW);
    const again = book.create(shop, body(), NOW);

    // Assert
    expect(removed).toEqual({ status: 200, data: {} });
    expect(again).toMatchObject({ data: { target_collaboration: { id: expect.any(String) } } });
    expect(book.remove(shop, 'nope', NOW)).toMatchObject({
      message: 'The target collaboration does not exist.',
    });
  });

  it.each([
    ['a commission under 1000', { products: [{ id: 'p1', target_commission_rate: 999 }] }, /1000 to 8000/],
    ['a commission in percent', { products: [{ id: 'p1', target_commission_rate: 12.5 }] }, /1000 to 8000/],
    [
      '101 products',
      { products: Array.from({ length: 101 }, (_, i) => ({ id: `p${i}`, target_commission_rate: 1000 })) },
      /1 to 100/,
    ],
    ['51 creators', { creator_user_ids: Array.from({ length: 51 }, (_, i) => `c${i}`) }, /at most 50/],
    ['an end in the past', { end_time: String(NOW - 1) }, /end_time/],
  ])('refuses %s', (_name, overrides, message) => {
    const answer = new TargetCollaborationBook().create(shop, body(overrides), NOW);

    expect(answer).toMatchObject({ code: 36009004, message: expect.stringMatching(message) });
  });
});
