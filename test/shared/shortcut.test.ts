/** The lookup shortcut's grammar (issue 13): Electron accelerators in one canonical spelling, and every bad form refused with a reason. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOOKUP_SHORTCUT, parseShortcut, shortcutOrNull } from '../../src/shared/shortcut.ts';

describe('parseShortcut accepts', () => {
  it.each([
    [DEFAULT_LOOKUP_SHORTCUT, 'CommandOrControl+Alt+Shift+P'],
    ['ctrl+alt+p', 'Control+Alt+P'],
    [' Shift + CmdOrCtrl + 7 ', 'CommandOrControl+Shift+7'],
    ['Option+Cmd+Space', 'Command+Alt+Space'],
    ['Control+Plus', 'Control+Plus'],
    ['Control++', 'Control+Plus'],
    ['Super+esc', 'Super+Escape'],
    ['meta+Return', 'Super+Enter'],
    ['Alt+f5', 'Alt+F5'],
    ['Control+/', 'Control+/'],
    ['AltGr+num5', 'AltGr+num5'],
    // F13-F24 type no text on any layout: usable alone.
    ['F13', 'F13'],
    ['Shift+F24', 'Shift+F24'],
  ])('%s → %s', (input, canonical) => {
    expect(parseShortcut(input)).toBe(canonical);
    // Canonical is a fixed point: what is stored reads back as itself.
    expect(parseShortcut(canonical)).toBe(canonical);
  });
});

describe('parseShortcut refuses', () => {
  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['P', /needs Control, Alt/],
    ['Shift+P', /needs Control, Alt/],
    ['F5', /needs Control, Alt/],
    ['Control+Alt', /no key after the modifiers/],
    ['Control+Hyper+P', /"Hyper" is not a modifier/],
    ['Control+Control+P', /Control is given twice/],
    ['Ctrl+Control+P', /Control is given twice/],
    ['CommandOrControl+Control+P', /already means/],
    ['Control+PP', /"PP" is not a key name/],
    ['Control+F25', /"F25" is not a key name/],
    ['Control++P', /nothing on one side/],
    ['Control+', /nothing on one side/],
    ['Control+é', /not a key name/],
    ['Control+\u202eP', /not a key name/],
    ['Control+'.repeat(20) + 'P', /too long/],
  ])('%j', (input, reason) => {
    expect(() => parseShortcut(input)).toThrow(reason);
    try {
      parseShortcut(input);
    } catch (err) {
      expect(err).toMatchObject({ kind: 'invalid_input' });
      // The quoted input is flattened: no control or bidi characters reach the window.
      expect((err as Error).message).not.toMatch(/[\u202e\n]/);
    }
  });

  it('shortcutOrNull reads stored values back: junk is null', () => {
    expect(shortcutOrNull('ctrl+alt+p')).toBe('Control+Alt+P');
    expect(shortcutOrNull(42)).toBeNull();
    expect(shortcutOrNull('P')).toBeNull();
  });
});
