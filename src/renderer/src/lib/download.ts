/**
 * Saving generated text as a file: a Blob behind an <a download>. Chromium downloads it; Electron
 * shows its save dialog (the session's will-download), so no IPC channel is needed.
 */

/** Starts a download of `text` named `filename`. */
export function downloadText(text: string, filename: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own reference to the blob once started; free ours after this task.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
