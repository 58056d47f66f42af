import { describe, expect, it } from 'vitest';
import { hintRefsFromBody, MAX_HINT_REFS } from '../../src/shared/hint-body.ts';

const UUID = '9515b51e-0279-4294-805d-91f7762914c3';

describe('hintRefsFromBody (webhooks as hints, issue 15)', () => {
  it("finds the payment in Card2Crypto's {event, payment} body, and nothing from its status", () => {
    const body = JSON.stringify({
      event: 'payment.completed',
      payment: { id: 'pay_abc123', status: 'completed', amount: 10000, metadata: { order_id: '1234' }, checkout_url: 'https://card2crypto.cc/checkout/pay_abc123' },
    });
    expect(hintRefsFromBody(body)).toEqual({ ok: true, refs: [{ provider: 'card2crypto', kind: 'payment', value: 'pay_abc123' }], unusual: [] });
  });

  it('finds a PayCrypt-like body by its payment_id (UUIDs lower-cased), ignoring hashes and addresses', () => {
    const body = JSON.stringify({
      payment_id: UUID.toUpperCase(),
      order_id: '123',
      status: 'confirmed',
      deposit_address: '0x742d35Cc6634C0532925a3b844Bc9e7595f2bD68',
      tx_hash: '0x' + 'ab'.repeat(32),
    });
    expect(hintRefsFromBody(body)).toMatchObject({ ok: true, refs: [{ provider: 'paycrypt', kind: 'payment', value: UUID }] });
  });

  it("reads JSON string values, so PHP's escaped slashes and \\n cannot hide or glue an ID", () => {
    const php = '{"url":"https:\\/\\/card2crypto.cc\\/checkout\\/pay_php123","note":"see\\npay_line456"}';
    expect(hintRefsFromBody(php)).toMatchObject({ ok: true, refs: [{ value: 'pay_php123' }, { value: 'pay_line456' }] });
  });

  it('takes form posts and plain text too', () => {
    expect(hintRefsFromBody(`payment_id=${UUID}&status=confirmed`)).toMatchObject({ ok: true, refs: [{ value: UUID }] });
    expect(hintRefsFromBody('Payment pay_text789 completed')).toMatchObject({ ok: true, refs: [{ value: 'pay_text789' }] });
  });

  it('holds back IDs of unusual shape unless allowed', () => {
    const body = '{"payment":{"id":"pay_12"},"other":"pay_real123"}';
    expect(hintRefsFromBody(body)).toMatchObject({ ok: true, refs: [{ value: 'pay_real123' }], unusual: [{ value: 'pay_12' }] });
    expect(hintRefsFromBody(body, { allowUnusual: true })).toMatchObject({ ok: true, refs: [{ value: 'pay_12' }, { value: 'pay_real123' }], unusual: [] });
  });

  it('refuses garbage with a reason', () => {
    expect(hintRefsFromBody('')).toEqual({ ok: false, reason: 'the body is empty' });
    expect(hintRefsFromBody('{"event":"payment.completed"}')).toEqual({ ok: false, reason: 'the body names no payment ID' });
    expect(hintRefsFromBody('\u0000\u0001\u0002pay_abc123')).toMatchObject({ ok: false, reason: expect.stringContaining('binary') });
    expect(hintRefsFromBody('{"not json": ')).toEqual({ ok: false, reason: 'the body names no payment ID' });
  });

  it('refuses hostile sizes: deep nesting and more IDs than a webhook carries, quickly', () => {
    const deep = '['.repeat(100_000) + '"pay_abc123"' + ']'.repeat(100_000);
    const started = performance.now();
    expect(hintRefsFromBody(deep)).toMatchObject({ ok: false, reason: expect.stringContaining('nested deeper') });
    const many = JSON.stringify(Array.from({ length: MAX_HINT_REFS + 1 }, (_, i) => `pay_many${String(i).padStart(4, '0')}`));
    expect(hintRefsFromBody(many)).toMatchObject({ ok: false, reason: expect.stringContaining(`more than ${MAX_HINT_REFS}`) });
    const huge = 'x'.repeat(256 * 1024 - 20) + ' pay_tail123';
    expect(hintRefsFromBody(huge)).toMatchObject({ ok: true, refs: [{ value: 'pay_tail123' }] });
    console.log(`hostile bodies parsed in ${(performance.now() - started).toFixed(1)} ms`);
  });
});
