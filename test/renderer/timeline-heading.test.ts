/**
 * The detail pane names the provider a timeline comes from by its spec (issue 12): before the
 * registry, every timeline that was not PayCrypt's was titled with "Card2Crypto".
 */
import { afterEach, describe, expect, it } from 'vitest';
import { timelineHeading } from '../../src/renderer/src/lib/timeline.ts';
import { registerProvider } from '../../src/shared/providers/index.ts';
import { acme } from '../fixtures/provider-acme/spec.ts';

const undo: (() => void)[] = [];
afterEach(() => {
  for (const u of undo.splice(0)) u();
});

describe('timelineHeading', () => {
  it('keeps the built-in providers as they were', () => {
    expect(timelineHeading('paycrypt')).toEqual({ title: 'Timeline', source: 'PayCrypt', showsEvents: true });
    expect(timelineHeading('card2crypto')).toEqual({ title: 'Status history', source: 'Card2Crypto', showsEvents: false });
  });

  it("uses a third provider's own label, with its events when its spec shows them", () => {
    undo.push(registerProvider({ ...acme, detail: ['events'] }));
    expect(timelineHeading(acme.id)).toEqual({ title: 'Timeline', source: 'Acme Pay', showsEvents: true });
  });

  it('titles a provider without events as its status history, under its own name', () => {
    undo.push(registerProvider(acme));
    expect(timelineHeading(acme.id)).toEqual({ title: 'Status history', source: 'Acme Pay', showsEvents: false });
  });
});
