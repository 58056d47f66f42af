/**
 * The global clipboard-lookup shortcut (issue 13), as an Electron accelerator
 * (https://www.electronjs.org/docs/latest/api/accelerator): modifiers joined by "+", then one key.
 * The user types it in settings, and an edited database may hold anything, so it is parsed here,
 * purely, into one canonical spelling: main registers only what this accepts, and the same chord
 * typed as "ctrl+alt+p" or "Control+Alt+P" is the same setting.
 */
import { PaymonError } from './errors.ts';
import { flattenText } from './text-safety.ts';

/** A rarely used chord: three modifiers and a letter no common app binds globally. */
export const DEFAULT_LOOKUP_SHORTCUT = 'CommandOrControl+Alt+Shift+P';

/** Longest accelerator read (the longest valid one is well under this). */
export const MAX_SHORTCUT_LENGTH = 100;

/** Modifier spellings Electron accepts, each to its canonical name; the order is the canonical order. */
const MODIFIERS: readonly (readonly [canonical: string, ...aliases: string[]])[] = [
  ['CommandOrControl', 'cmdorctrl'],
  ['Command', 'cmd'],
  ['Control', 'ctrl'],
  ['Alt', 'option'],
  ['AltGr'],
  ['Shift'],
  ['Super', 'meta'],
];

/** Named keys Electron accepts, to their canonical names (aliases included). */
const NAMED_KEYS: Readonly<Record<string, string>> = Object.fromEntries(
  [
    ...'Plus Space Tab Capslock Numlock Scrolllock Backspace Delete Insert Enter Up Down Left Right Home End PageUp PageDown Escape'.split(' '),
    ...'VolumeUp VolumeDown VolumeMute MediaNextTrack MediaPreviousTrack MediaStop MediaPlayPause PrintScreen'.split(' '),
    ...'numdec numadd numsub nummult numdiv'.split(' '),
    ...Array.from({ length: 10 }, (_, i) => `num${i}`),
    ...Array.from({ length: 24 }, (_, i) => `F${i + 1}`),
  ]
    .map((name) => [name.toLowerCase(), name] as [string, string])
    .concat([
      ['return', 'Enter'],
      ['esc', 'Escape'],
    ]),
);

/** Single-character keys: letters, digits and the punctuation the accelerator grammar lists. */
const CHAR_KEY = /^[A-Za-z0-9)!@#$%^&*(:;+=<,_\->.?/~`{\][|\\}"']$/;

function refuse(input: string, reason: string): never {
  throw new PaymonError('invalid_input', `"${flattenText(input, 60)}" is not a shortcut Paymon can use: ${reason}`);
}

/** The canonical modifier name of `part`, or null when it is not a modifier. */
function modifierOf(part: string): string | null {
  const lower = part.toLowerCase();
  return MODIFIERS.find((names) => names.some((n) => n.toLowerCase() === lower))?.[0] ?? null;
}

/**
 * `input` in canonical form ("ctrl + alt + p" → "Control+Alt+P"), or a PaymonError saying what is
 * wrong. A global shortcut needs a modifier other than Shift alone (else it would take a key from
 * every app), except F13–F24, which no keyboard layout types text with.
 */
export function parseShortcut(input: string): string {
  if (input.length > MAX_SHORTCUT_LENGTH) refuse(input.slice(0, 60), 'it is too long.');
  const trimmed = input.trim();
  if (trimmed === '') refuse(input, 'it is empty (remove the shortcut instead).');
  // "+" is a key too ("Control+Plus" is the documented way, but "Control++" is typed): a trailing "+" after a "+" is the key.
  const parts = trimmed.endsWith('++') ? [...trimmed.slice(0, -2).split('+'), '+'] : trimmed.split('+');
  const names = parts.map((p) => p.trim());
  if (names.some((n) => n === '')) refuse(input, 'a "+" has nothing on one side.');
  const key = names.at(-1)!;
  const mods = new Set<string>();
  for (const name of names.slice(0, -1)) {
    const mod = modifierOf(name);
    if (mod === null) refuse(input, `"${flattenText(name, 30)}" is not a modifier (Control, Alt, Shift, Command, CommandOrControl, Super, AltGr).`);
    if (mods.has(mod)) refuse(input, `${mod} is given twice.`);
    mods.add(mod);
  }
  if (modifierOf(key) !== null) refuse(input, 'it has no key after the modifiers.');
  const canonicalKey = CHAR_KEY.test(key) ? (key === '+' ? 'Plus' : key.toUpperCase()) : NAMED_KEYS[key.toLowerCase()];
  if (canonicalKey === undefined) refuse(input, `"${flattenText(key, 30)}" is not a key name Electron knows.`);
  if (mods.has('CommandOrControl') && (mods.has('Command') || mods.has('Control'))) refuse(input, 'CommandOrControl already means Command or Control.');
  const lateFunctionKey = /^F(1[3-9]|2[0-4])$/.test(canonicalKey);
  const strong = [...mods].some((m) => m !== 'Shift');
  if (!strong && !lateFunctionKey) refuse(input, 'a global shortcut needs Control, Alt, Command or Super, or every app would lose that key.');
  const ordered = MODIFIERS.map((names) => names[0]).filter((m) => mods.has(m));
  return [...ordered, canonicalKey].join('+');
}

/** `input` parsed, or null when it is not a usable shortcut (for stored values read back). */
export function shortcutOrNull(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  try {
    return parseShortcut(input);
  } catch {
    return null;
  }
}
