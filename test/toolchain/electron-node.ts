/**
 * The Node.js inside each Electron release the project runs on: the one fact behind the `node`
 * devDependency pin (tests run on that bundled Node, the app on Electron's). Upgrading Electron
 * means adding its row here and pinning `node` in package.json to the row's version; the test
 * beside this file fails until both agree. See issue 10, "Two Nodes".
 */

/** One Electron release's Node, and where that was read. */
export interface ElectronNode {
  /** process.versions.node inside this Electron. */
  node: string;
  /** Where the version comes from. */
  source: string;
  /** Anything a reader must know about how exact the source is. */
  note?: string;
}

/** Keyed by the exact Electron version in package.json. */
export const ELECTRON_NODE: Record<string, ElectronNode> = {
  '45.4.1': {
    node: '24.18.1',
    source: 'https://github.com/electron/electron/blob/v45.0.0-nightly.20260821/DEPS (node_version)',
    note:
      'The last Electron 45 nightly before the 45-x-y branch builds Node v24.18.1 (v24.18.0 since the first ' +
      '45 nightly). The 45.4.1 release notes (releases.electronjs.org/release/v45.4.1) could not be read ' +
      'from here; a stable branch only ever moves Node forward within 24.x, so 24.18.1 is the lower bound ' +
      'and tests never see an API the app lacks. Where an Electron binary exists, the test reads the ' +
      'exact version from it and fails on a mismatch.',
  },
};
