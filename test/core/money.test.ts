import { describe, expect, it } from 'vitest';
import { toDecimalString, toMinorUnits } from '../../src/core/money.ts';

describe('toMinorUnits', () => {
  it.each([
    [50, 5000],
    [19.99, 1999],
    [0.1, 10],
    [0.29, 29], // 0.29 * 100 === 28.999999999999996 in floats
    [1.005, 101], // 1.005 * 100 === 100.49999999999999: half-up on the digits, not the float
    [123456789.12, 12345678912],
    ['19.99', 1999],
    [' 7.5 ', 750],
    ['0.004', 0],
    ['0.005', 1],
    [-2.345, -235],
    [0, 0],
    ['1e2', 10000],
  ])('%s dollars -> %s cents', (input, cents) => {
    expect(toMinorUnits(input)).toBe(cents);
  });

  it('never shows float error for sums the provider already rounded', () => {
    // The JSON text "0.30000000000000004" is what 0.1+0.2 prints; 0.3 as sent stays 30.
    expect(toMinorUnits(0.3)).toBe(30);
    expect(toMinorUnits(0.1 + 0.2)).toBe(30);
  });

  it.each(['', 'abc', '1.2.3', '12,50', 'NaN', '.', '1e', '0x10'])('rejects %j', (input) => {
    expect(() => toMinorUnits(input)).toThrow(RangeError);
  });

  it('rejects non-finite numbers and amounts past safe integers', () => {
    expect(() => toMinorUnits(Number.NaN)).toThrow(RangeError);
    expect(() => toMinorUnits(Infinity)).toThrow(RangeError);
    expect(() => toMinorUnits('1e20')).toThrow(/too large/);
  });
});

describe('toDecimalString', () => {
  it.each([
    [50.02, '50.02'],
    [1e-7, '0.0000001'],
    [1.5e-10, '0.00000000015'],
    [-1.5e-10, '-0.00000000015'],
    [1e21, '1000000000000000000000'],
    [123456789.12, '123456789.12'],
    ['0050.0200', '50.02'],
    ['1.23E+3', '1230'],
    ['-0.000', '0'],
    ['.5', '0.5'],
    [0, '0'],
  ])('%s -> %s', (input, text) => {
    expect(toDecimalString(input)).toBe(text);
  });

  it('rejects absurd exponents instead of building huge strings', () => {
    expect(() => toDecimalString('1e999999')).toThrow(RangeError);
  });
});
