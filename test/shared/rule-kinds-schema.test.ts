/**
 * The `kinds` of a notification rule at the IPC edge (issue 14): the schema's shape is the shared
 * type's, a rule without kinds (saved before they existed) passes, and a kind the core does not
 * know, a repeated one or a hostile value is refused with a sentence.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { ALERT_KINDS } from '../../src/shared/alert-history.ts';
import { newRule, type NotifyRule } from '../../src/shared/alert-rules.ts';
import { NOTIFY_RULE_SCHEMA, REQUEST_SCHEMAS } from '../../src/shared/ipc-schemas.ts';

const update = REQUEST_SCHEMAS['alerts:update-settings'];

describe('a rule’s kinds over IPC', () => {
  it('has the shared type’s shape', () => {
    expectTypeOf<z.infer<typeof NOTIFY_RULE_SCHEMA>['kinds']>().toEqualTypeOf<NotifyRule['kinds']>();
  });

  it('accepts every kind, none, and a rule from before kinds', () => {
    const rule = newRule('r1', 'All kinds');
    expect(update.safeParse({ rules: [{ ...rule, kinds: [...ALERT_KINDS] }] }).success).toBe(true);
    expect(update.safeParse({ rules: [{ ...rule, kinds: [] }] }).success).toBe(true);
    const { kinds: _k, ...old } = rule;
    expect(update.safeParse({ rules: [old] }).success).toBe(true);
  });

  it('refuses an unknown, repeated or hostile kind', () => {
    const rule = newRule('r1', 'Bad');
    for (const kinds of [['teleported'], ['final', 'final'], ['__proto__'], [1], 'final', null, [...ALERT_KINDS, 'final'], { 0: 'final' }]) {
      const out = update.safeParse({ rules: [{ ...rule, kinds }] });
      expect(out.success, JSON.stringify(kinds)).toBe(false);
      expect(out.error!.issues[0]!.message.length).toBeGreaterThan(0);
    }
    expect(update.safeParse({ rules: [{ ...rule, kinds: ['final', 'final'] }] }).error!.issues[0]!.message).toBe('A kind is listed twice.');
  });
});
