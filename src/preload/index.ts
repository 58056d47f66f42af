/**
 * The preload (sandboxed, context-isolated): exposes `window.paymon` and nothing else. Never
 * ipcRenderer, process or an any-channel invoke (checklist 20 in
 * https://www.electronjs.org/docs/latest/tutorial/security). With sandbox: true only `electron`
 * may be required at run time; electron-vite bundles ./api.ts and the contract's channel lists in.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createPaymonApi } from './api.ts';

contextBridge.exposeInMainWorld('paymon', createPaymonApi(ipcRenderer));
