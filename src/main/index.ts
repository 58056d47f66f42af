/**
 * Electron main process: lifecycle and wiring only. The domain lives in src/core (AppService);
 * each piece of glue is a setup function in this folder that takes the Electron objects it uses.
 */
import { join, resolve } from 'node:path';
import { app, BrowserWindow, clipboard, dialog, globalShortcut, ipcMain, Menu, nativeImage, net, Notification, powerMonitor, session, shell, Tray } from 'electron';
import { appMenuTemplate } from './menu.ts';
import { cliModeArgs } from './cli-args.ts';
import { LinkInbox, linkFollower, secondInstanceLink, setupDeepLinks } from './deep-links.ts';
import { runCliMode } from './cli-mode.ts';
import { AppService, allowedExternalUrl } from '../core/app/index.ts';
import { dataDir } from '../core/data-dir.ts';
import { KeytarStore } from '../core/secrets/keytar-store.ts';
import { TEAM_KEYCHAIN_SERVICE } from '../core/app/team.ts';
import { openStore, type PaymonStore } from '../core/store/index.ts';
import { startDemoBackend } from '../simulator/demo-backend.ts';
import { toErrorInfo } from '../shared/errors.ts';
import { createTrustedSenderCheck, setupIpc } from './ipc.ts';
import { keyHostConfirmer } from './key-host-dialog.ts';
import { setupLoginItem, startsHidden } from './login-item.ts';
import { setupLookupShortcut } from './lookup-shortcut.ts';
import { setupNotifications } from './notifications.ts';
import { setupPower } from './power.ts';
import { send, setupSend } from './send.ts';
import { setupTray } from './tray.ts';
import { closeHandler, probeTrayHost } from './tray-host.ts';
import { rendererTarget, setupContentsGuards, setupSessionSecurity, windowOptions } from './window.ts';

// `paymon` in installed apps runs this binary with --paymon-cli (cli-args.ts): then no window,
// tray or single-instance lock, only the CLI.
const cliArgs = cliModeArgs(process.argv);

// The app and the CLI must open the same database. Electron would name the folder after
// package.json's lowercase "paymon"; dataDir() is what the CLI uses. Before 'ready', and before
// the single-instance lock, which is keyed by the userData folder.
app.setName('Paymon');
app.setPath('userData', dataDir());
// Windows shows notifications only for an app with an AppUserModelID.
if (process.platform === 'win32') app.setAppUserModelId('io.paymon.desktop');

const outDir = join(import.meta.dirname, '..');
const target = rendererTarget({
  isPackaged: app.isPackaged,
  devUrl: process.env['ELECTRON_RENDERER_URL'],
  indexHtml: join(outDir, 'renderer/index.html'),
});
const resources = join(app.getAppPath(), 'resources');
const iconPath = join(resources, 'icon.png');

/** paymon:// links that arrive before the service is up wait here (issue 13). */
const links = new LinkInbox();

let win: BrowserWindow | null = null;
let tray: Tray | null = null;
let service: AppService | null = null;
let store: PaymonStore | null = null;
let quitting = false;
/** Started at login: the first window stays hidden, in the tray (issue 13); shown if no tray is. */
let startHidden = false;
/** Whether a tray icon is known to be shown (the probe answers within seconds; until then, no). */
let trayShown = false;

/** Opens a link in the browser only if it is on the allow-list. */
function openExternal(url: string): void {
  const allowed = allowedExternalUrl(url);
  if (allowed) void shell.openExternal(allowed.href);
}

function createWindow(): BrowserWindow {
  const w = new BrowserWindow(windowOptions(join(outDir, 'preload/index.cjs'), iconPath));
  const hidden = startHidden;
  startHidden = false;
  w.once('ready-to-show', () => {
    if (!hidden) w.show();
  });
  // With a tray that is shown, and the user's consent, the monitor keeps running when the window
  // closes (Quit is in the tray menu). Otherwise closing closes, and the app quits with its window:
  // a hidden window without a visible tray would be an app nobody can reach (issue 10).
  w.on(
    'close',
    closeHandler({
      quitting: () => quitting,
      setting: () => service?.closeSetting ?? 'quit',
      trayShown: () => trayShown && tray !== null,
      hide: () => w.hide(),
    }),
  );
  if (target.kind === 'dev') void w.loadURL(target.url);
  else void w.loadFile(target.path);
  return w;
}

function showWindow(): BrowserWindow {
  if (!win || win.isDestroyed()) win = createWindow();
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
  return win;
}

function openAlerts(): void {
  const w = showWindow();
  if (w.webContents.isLoading()) w.webContents.once('did-finish-load', () => send(w, 'open-alerts', null));
  else send(w, 'open-alerts', null);
}

function openPayment(key: string): void {
  const w = showWindow();
  // A window created for this click has no renderer listening yet.
  if (w.webContents.isLoading()) w.webContents.once('did-finish-load', () => send(w, 'open-payment', { key }));
  else send(w, 'open-payment', { key });
}

async function start(): Promise<void> {
  setupSessionSecurity(session.defaultSession, target);
  let notices: string[];
  try {
    ({ store, notices } = openStore(app.getPath('userData')));
  } catch (err) {
    dialog.showErrorBox('Paymon cannot open its database', toErrorInfo(err).message);
    app.exit(1);
    return;
  }
  const secrets = new KeytarStore();
  // The keychain is asked once and not awaited: a locked keyring can take seconds, and the window
  // must not wait for it (issue 10). The service fills in the key state when it answers. A failure
  // (no Secret Service, keytar not built) means keys for this session only.
  const keychainProbe = secrets.list().then(
    () => null,
    (err: unknown) => toErrorInfo(err),
  );
  // Before a key goes to a host it was not used with, the user answers in a native dialog (issue 16).
  const confirmKeyHost = keyHostConfirmer((options) => (win && !win.isDestroyed() ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options)));
  // Demo mode's simulator is wired in here, not imported by the core (issue 12).
  service = await AppService.create({ store, secrets, teamVault: new KeytarStore({ service: TEAM_KEYCHAIN_SERVICE }), keychainProbe, confirmKeyHost, openExternal: (url) => shell.openExternal(url), demoBackend: startDemoBackend });
  const isTrusted = createTrustedSenderCheck(target, () => (win && !win.isDestroyed() ? win.webContents : null));
  setupIpc(ipcMain, service, isTrusted, (channel, event) => {
    console.warn(`paymon: refused ${channel} from ${String(event.senderFrame?.url ?? 'a destroyed frame').slice(0, 200)}`);
  });
  setupSend(service, () => win);
  // The window now, before the tray, notifications and menu: nothing before it waits on the OS.
  startHidden = startsHidden(process.argv, process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin);
  win = createWindow();
  const notifier = setupNotifications(service, { Notification, showWindow, openPayment, openAlerts, icon: iconPath, platform: process.platform });
  // The clipboard lookup from any app (issue 13); a chord another app holds is reported in settings.
  setupLookupShortcut(service, { globalShortcut, readClipboard: () => clipboard.readText(), show: (a) => notifier.show(a.title, a.body, a.key) });
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(process.platform)));
  try {
    const trayIcon = nativeImage.createFromPath(join(resources, process.platform === 'darwin' ? 'trayTemplate.png' : 'tray.png'));
    tray = new Tray(trayIcon);
    setupTray(service, {
      tray,
      buildMenu: (template) => Menu.buildFromTemplate(template),
      setBadgeCount: (n) => app.setBadgeCount(n),
      showWindow,
      quit: () => app.quit(),
      platform: process.platform,
    });
  } catch (err) {
    console.warn(`paymon: no tray icon: ${toErrorInfo(err).message}`);
    tray = null;
  }
  // new Tray() succeeds on Linux desktops that show no tray; ask the session bus whether one is shown.
  const running = service;
  void probeTrayHost(process.platform).then(({ shown, reason }) => {
    trayShown = shown && tray !== null;
    running.setTrayShown(trayShown);
    if (!trayShown) console.warn(`paymon: no tray icon is shown (${tray ? reason : 'the tray could not be created'}); closing the window quits Paymon`);
    // Started hidden where no tray is shown: the window is the only way in.
    if (!trayShown && win && !win.isDestroyed() && !win.isVisible()) showWindow();
  });
  setupLoginItem(service, {
    app,
    launch: { platform: process.platform, execPath: process.execPath, defaultApp: process.defaultApp === true, appPath: app.getAppPath(), appImage: process.env['APPIMAGE'] },
  });
  setupPower(service, { powerMonitor, isOnline: () => net.isOnline() });
  // Links held since launch, then every later one: add or open what it names, or say why not.
  links.ready(linkFollower(service, { openPayment, showWindow }));
  for (const notice of notices) void dialog.showMessageBox({ type: 'warning', message: 'Paymon', detail: notice });
}

if (cliArgs) {
  void runCliMode(cliArgs, app);
} else if (!app.requestSingleInstanceLock()) {
  // Another Paymon is running: it gets our 'second-instance' and shows its window.
  app.quit();
} else {
  const deepLinks = setupDeepLinks(app, { defaultApp: process.defaultApp === true, execPath: process.execPath, argv: process.argv, resolve }, links);
  app.on('second-instance', (_event, argv) => {
    // A login start while Paymon already runs (--hidden) leaves the window as it is.
    if (!startsHidden(argv)) showWindow();
    secondInstanceLink(argv, links);
  });
  app.on('web-contents-created', (_event, contents) => setupContentsGuards(contents, target, openExternal));
  app.on('activate', () => showWindow());
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('will-quit', (event) => {
    // Global shortcuts outlive nothing, but Electron asks for them to be released before quitting.
    globalShortcut.unregisterAll();
    if (!service) return;
    // Let checks in flight finish writing before the store closes.
    event.preventDefault();
    const closing = service;
    service = null;
    void closing.close().finally(() => {
      store?.close();
      store = null;
      app.quit();
    });
  });
  // The window only closes when closing means quit (see createWindow's close handler), on every OS.
  app.on('window-all-closed', () => app.quit());
  void app
    .whenReady()
    .then(() => {
      // Not fatal: links then only work where the installer registered the scheme (the deb's desktop entry).
      if (!deepLinks.register()) console.warn('paymon: could not register as the handler of paymon:// links');
      return start();
    })
    .catch((err: unknown) => {
      dialog.showErrorBox('Paymon could not start', toErrorInfo(err).message);
      app.exit(1);
    });
}
