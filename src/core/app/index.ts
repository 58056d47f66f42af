/** The app's core service (no electron): main wires it to IPC; tests and the renderer harness call it directly. */
export { AppService, type AppServiceOptions, type Handlers, type NotifyRequest } from './service.ts';
export { allowedExternalUrl, checkExternalUrl, EXTERNAL_HOSTS } from './external-links.ts';
export { verifyKey, type KeyVerdict } from '../secrets/verify.ts';
export { notificationText } from './notify-text.ts';
export type { DemoBackend, DemoLaunch, StartDemoBackend } from './demo.ts';
