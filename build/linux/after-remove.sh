#!/bin/bash
# deb post-remove script for Paymon (electron-builder.yml, deb.afterRemove): undoes
# after-install.sh. The ${...} names are filled in by electron-builder at build time.

launcher='/opt/${sanitizedProductName}/resources/bin/paymon'
if type update-alternatives >/dev/null 2>&1; then
  update-alternatives --remove paymon "$launcher" || true
fi
# update-alternatives removes its link only when no alternative is left; a plain link is ours.
if [ -L /usr/bin/paymon ] && [ ! -e /usr/bin/paymon ]; then
  rm -f /usr/bin/paymon
fi

target='/etc/apparmor.d/${executable}'
if [ -f "$target" ]; then
  if apparmor_status --enabled >/dev/null 2>&1 && ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
    apparmor_parser --remove "$target" || true
  fi
  rm -f "$target"
fi
