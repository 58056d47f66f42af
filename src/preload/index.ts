/** Preload: exposes named functions per IPC channel, nothing raw. Filled in by the desktop-app issue. */
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('paymon', { version: 1 });
