/** Writing text to the clipboard (the async Clipboard API, which Electron and Chromium both grant to a focused page). */

/** Copies `text`; false when the clipboard refused (no permission, page not focused). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
