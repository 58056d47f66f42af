/**
 * Notes and tags on a payment (issue 13): the user's own words, kept in the local store, never sent
 * to a provider. Pure: the limits and the one way tags are cleaned, for main and the renderer.
 */

import { providerSpecs } from './providers/index.ts';

/** A note, in characters. */
export const MAX_NOTE = 2000;
/** Tags per payment. */
export const MAX_TAGS = 10;
/** One tag, in characters. */
export const MAX_TAG = 32;

/**
 * Tags as typed ("vip, Refund asked,  vip"): split on commas, trimmed, inner spaces collapsed,
 * control characters dropped, the first spelling of a repeat (any case) kept, at most MAX_TAGS.
 */
export function cleanTags(input: string | readonly string[]): string[] {
  const parts = typeof input === 'string' ? input.split(',') : input.flatMap((t) => t.split(','));
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of parts) {
    // eslint-disable-next-line no-control-regex
    const tag = part.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, MAX_TAG).trim();
    if (tag === '' || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    out.push(tag);
    if (out.length === MAX_TAGS) break;
  }
  return out;
}

/** A note as saved: line breaks kept, other control characters dropped, trimmed at both ends. */
export function cleanNote(input: string): string {
  // eslint-disable-next-line no-control-regex
  return input.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, ' ').trim();
}

/**
 * The label of the provider whose API key `text` seems to hold (its key prefix and 8 or more key
 * characters), or null. A note is stored in plain text: a key pasted into one would leave the keychain.
 */
export function keyInText(text: string): string | null {
  for (const spec of providerSpecs()) {
    const prefix = spec.keyPrefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (new RegExp(`(?<![A-Za-z0-9])${prefix}[A-Za-z0-9_-]{8,}`, 'i').test(text)) return spec.label;
  }
  return null;
}
