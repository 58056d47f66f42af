#!/bin/bash
# deb post-install script for Paymon (electron-builder.yml, deb.afterInstall). electron-builder
# fills in the ${...} names at build time, so shell variables here are written without braces.
#
# Unlike electron-builder's default, /usr/bin/paymon is the command-line launcher
# (resources/bin/paymon, which runs the app in CLI mode), not the window: the desktop entry
# starts the app, and `paymon check ...` in a terminal runs the CLI.

app_dir='/opt/${sanitizedProductName}'
launcher="$app_dir/resources/bin/paymon"

if type update-alternatives >/dev/null 2>&1; then
  # A plain link from an older package would make update-alternatives refuse.
  if [ -L /usr/bin/paymon ] && [ "$(readlink /usr/bin/paymon)" != /etc/alternatives/paymon ]; then
    rm -f /usr/bin/paymon
  fi
  update-alternatives --install /usr/bin/paymon paymon "$launcher" 100 || ln -sf "$launcher" /usr/bin/paymon
else
  ln -sf "$launcher" /usr/bin/paymon
fi

# Chromium's sandbox: the setuid helper is needed only where unprivileged user namespaces are off.
if [[ -L /proc/self/ns/user ]] && unshare --user true 2>/dev/null; then
  chmod 0755 "$app_dir/chrome-sandbox" || true
else
  chmod 4755 "$app_dir/chrome-sandbox" || true
fi

if hash update-desktop-database 2>/dev/null; then
  update-desktop-database /usr/share/applications || true
fi

# Ubuntu 24.04+ confines unprivileged user namespaces with AppArmor: install the profile that
# electron-builder ships beside the app, if this AppArmor accepts it (a dry-run parse first).
if apparmor_status --enabled >/dev/null 2>&1; then
  profile="$app_dir/resources/apparmor-profile"
  target='/etc/apparmor.d/${executable}'
  if apparmor_parser --skip-kernel-load --debug "$profile" >/dev/null 2>&1; then
    cp -f "$profile" "$target"
    if ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --replace --write-cache --skip-read-cache "$target"
    fi
  else
    echo "Paymon: this AppArmor does not accept the bundled profile; skipping it"
  fi
fi
