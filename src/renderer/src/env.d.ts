/// <reference types="vite/client" />
/** The preload's API (src/preload), typed from the one IPC contract in src/shared/ipc.ts. */
import type { PaymonApi } from '../../shared/ipc.ts';

declare global {
  interface Window {
    /** Exposed by the preload with contextBridge; the only way the renderer reaches main. */
    readonly paymon: PaymonApi;
  }
}

export {};
