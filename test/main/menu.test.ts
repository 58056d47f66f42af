import { describe, expect, it } from 'vitest';
import { appMenuTemplate, hasReloadOrDevTools } from '../../src/main/menu.ts';

describe('application menu', () => {
  it.each(['darwin', 'linux', 'win32'] as const)('on %s keeps editing but has no reload or developer tools', (platform) => {
    const template = appMenuTemplate(platform);
    expect(template.map((i) => i.role)).toContain('editMenu');
    expect(hasReloadOrDevTools(template)).toBe(false);
  });

  it('notices a reload hidden in a submenu (the check itself can fail)', () => {
    expect(hasReloadOrDevTools([{ label: 'View', submenu: [{ role: 'reload' }] }])).toBe(true);
    expect(hasReloadOrDevTools([{ role: 'viewMenu' }])).toBe(true);
  });
});
