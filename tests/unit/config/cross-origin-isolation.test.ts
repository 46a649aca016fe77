import { describe, expect, it } from 'vitest';
import { isolationStep, type IsolationState } from '../../../src/scripts/cross-origin-isolation.ts';

const state = (over: Partial<IsolationState>): IsolationState =>
  ({ isolated: false, supported: true, controlled: false, reloadedBefore: false, ...over });

describe('cross-origin isolation through a service worker', () => {
  it('does nothing where the host already sends the headers', () => {
    expect(isolationStep(state({ isolated: true }))).toBe('done');
    expect(isolationStep(state({ isolated: true, controlled: true, reloadedBefore: true }))).toBe('done');
  });

  it('registers the worker on a first, uncontrolled visit', () => {
    expect(isolationStep(state({}))).toBe('register');
  });

  it('registers again after a hard reload left the page uncontrolled', () => {
    expect(isolationStep(state({ reloadedBefore: true }))).toBe('register');
  });

  it('gives up instead of reloading forever when the worker controls the page but cannot isolate it', () => {
    expect(isolationStep(state({ controlled: true, reloadedBefore: true }))).toBe('give-up');
  });

  it('leaves browsers without service workers (or insecure origins) alone', () => {
    expect(isolationStep(state({ supported: false }))).toBe('unsupported');
  });
});
