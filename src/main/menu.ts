/**
 * The application menu. Electron's default menu carries Reload (Ctrl/Cmd+R) and
 * Toggle Developer Tools; Paymon uses Ctrl/Cmd+R for "check the selection now", and a
 * reload would drop the renderer's state, so the menu keeps only what text editing
 * needs (macOS routes Cmd+C/V through the Edit menu) and the window roles.
 */
import type { MenuItemConstructorOptions } from 'electron';

/** The menu template for `platform`; no reload, no developer tools. */
export function appMenuTemplate(platform: NodeJS.Platform): MenuItemConstructorOptions[] {
  if (platform === 'darwin') return [{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }];
  return [{ role: 'editMenu' }];
}

/** Whether a template (at any depth) holds a role that reloads the page or opens developer tools. */
export function hasReloadOrDevTools(template: MenuItemConstructorOptions[]): boolean {
  const banned = new Set(['reload', 'forceReload', 'toggleDevTools', 'viewMenu']);
  return template.some(
    (item) => (item.role !== undefined && banned.has(item.role)) || (Array.isArray(item.submenu) && hasReloadOrDevTools(item.submenu)),
  );
}
