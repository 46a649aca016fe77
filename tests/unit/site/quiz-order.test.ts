import { describe, expect, it } from 'vitest';
import { hashString, newSeed, optionOrder } from '../../../src/components/quiz-order.ts';

describe('quiz option order', () => {
  it('is a permutation of every option', () => {
    for (const count of [1, 2, 3, 4, 5]) {
      expect([...optionOrder('seed', 'config#0', count)].sort()).toEqual(Array.from({ length: count }, (_, i) => i));
    }
  });

  it('is the same for the same learner and question, so a reload keeps it', () => {
    expect(optionOrder('a1b2c3', 'logs#3', 4)).toEqual(optionOrder('a1b2c3', 'logs#3', 4));
  });

  it('puts the first source option (the correct one in every quiz) first for about a quarter of learners, not all', () => {
    const seeds = Array.from({ length: 400 }, (_, i) => `learner-${i}`);
    const firstStaysFirst = seeds.filter((seed) => optionOrder(seed, 'config#0', 4)[0] === 0).length;
    expect(firstStaysFirst).toBeGreaterThan(60);
    expect(firstStaysFirst).toBeLessThan(140);
  });

  it('differs between questions of one learner and between learners', () => {
    const orders = new Set(Array.from({ length: 20 }, (_, qi) => optionOrder('one', `config#${qi}`, 4).join()));
    expect(orders.size).toBeGreaterThan(5);
    const byLearner = new Set(Array.from({ length: 20 }, (_, i) => optionOrder(`l${i}`, 'config#0', 4).join()));
    expect(byLearner.size).toBeGreaterThan(5);
  });

  it('hashes strings apart and makes fresh 16-hex-digit seeds', () => {
    expect(hashString('a')).not.toBe(hashString('b'));
    expect(newSeed()).toMatch(/^[0-9a-f]{16}$/);
    expect(newSeed()).not.toBe(newSeed());
  });
});
