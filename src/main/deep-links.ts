/**
 * `paymon://` links reach the app three ways (issue 13; Electron's deep-link guide,
 * https://www.electronjs.org/docs/latest/tutorial/launch-app-from-url-in-another-app): on macOS as
 * 'open-url' (also at launch, before 'ready'); on Windows and Linux in the command line of the first
 * launch, or of a second launch that the single-instance lock hands to the running app
 * ('second-instance'). All three go into one inbox, which holds them until the service is up and
 * then hands each, in order, to the service (which parses it as untrusted input).
 * No electron import: the app is passed in, so this is tested under Node.
 */
import { LINK_SCHEME, linkInArgv } from '../shared/deep-links.ts';

/** Links held before the service is ready, at most (a flood from another program is cut, not queued). */
export const MAX_HELD_LINKS = 20;

/** Holds links until there is someone to follow them, then passes each on as it comes. */
export class LinkInbox {
  #held: string[] = [];
  #follow: ((url: string) => void) | null = null;

  /** A link arrived (any string: it is checked when followed). */
  push(url: string): void {
    if (this.#follow) this.#follow(url);
    else if (this.#held.length < MAX_HELD_LINKS) this.#held.push(url);
  }

  /** From now on links go to `follow`; the held ones first. */
  ready(follow: (url: string) => void): void {
    this.#follow = follow;
    for (const url of this.#held.splice(0)) follow(url);
  }
}

/** What following a link needs from the service (AppService.followLink). */
export interface LinkTarget {
  followLink(url: unknown): { open: string | null };
}

/** The window side of a followed link: open the payment it named, or at least show the window (and its notice). */
export function linkFollower(service: LinkTarget, win: { openPayment(key: string): void; showWindow(): void }): (url: string) => void {
  return (url) => {
    const { open } = service.followLink(url);
    if (open) win.openPayment(open);
    else win.showWindow();
  };
}

/** The parts of Electron's `app` the links use. */
export interface ProtocolAppLike {
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean;
  on(event: 'open-url', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
}

/** How this process was started, for the protocol registration. */
export interface LaunchFacts {
  /** process.defaultApp: true when run as `electron <app path>` (development, `npm start`). */
  defaultApp: boolean;
  execPath: string;
  argv: readonly string[];
  /** Resolves the app path given on the command line (path.resolve). */
  resolve: (p: string) => string;
}

/**
 * The arguments for app.setAsDefaultProtocolClient: a packaged app registers itself; `electron .`
 * must name the Electron binary and the app folder, or the OS would start a bare Electron.
 */
export function protocolClientArgs(facts: LaunchFacts): [string] | [string, string, string[]] | null {
  if (!facts.defaultApp) return [LINK_SCHEME];
  const appPath = facts.argv[1];
  if (appPath === undefined || appPath.startsWith('-')) return null;
  return [LINK_SCHEME, facts.execPath, [facts.resolve(appPath)]];
}

/**
 * Listens for macOS's 'open-url' and takes a link from this launch's command line. Call before
 * 'ready' (macOS sends a launching link before it). Returns the registration to run once ready.
 */
export function setupDeepLinks(app: ProtocolAppLike, facts: LaunchFacts, inbox: LinkInbox): { register(): boolean } {
  app.on('open-url', (event, url) => {
    // Handled here: without preventDefault macOS would report the link as not opened.
    event.preventDefault();
    inbox.push(url);
  });
  const first = linkInArgv(facts.argv.slice(1));
  if (first !== null) inbox.push(first);
  return {
    register() {
      const args = protocolClientArgs(facts);
      if (args === null) return false;
      return args.length === 1 ? app.setAsDefaultProtocolClient(args[0]) : app.setAsDefaultProtocolClient(args[0], args[1], args[2]);
    },
  };
}

/** A second launch's command line (Windows, Linux): its link, if any, goes to the inbox. */
export function secondInstanceLink(argv: readonly string[], inbox: LinkInbox): void {
  const url = linkInArgv(argv.slice(1));
  if (url !== null) inbox.push(url);
}
