#!/bin/sh
# Installs an unpacked deb "for real" inside a private mount namespace (run under `unshare -rm`):
# /opt, /usr/bin, /etc/alternatives and dpkg's alternatives database are overlays or tmpfs that
# vanish with the namespace, so the maintainer scripts run as they would on a user's machine and
# the host is never touched. Then runs `paymon` from PATH, removes the package, and reports.
# Arguments: <data root (extracted deb)> <control dir (postinst, postrm)> <CLI args...>
set -eu
data=$1 control=$2
shift 2

scratch=$(mktemp -d)
mount -t tmpfs tmpfs "$scratch"
overlay() {
  mkdir -p "$scratch/$2/upper" "$scratch/$2/work"
  mount -t overlay overlay -o "lowerdir=$1,upperdir=$scratch/$2/upper,workdir=$scratch/$2/work" "$1"
}
mkdir -p "$scratch/opt"
mount -t tmpfs tmpfs /opt
cp -a "$data/opt/." /opt/
overlay /usr/bin bin
overlay /etc/alternatives alternatives
overlay /var/lib/dpkg/alternatives admin
[ ! -d /usr/share/applications ] || overlay /usr/share/applications applications

"$control/postinst" configure >/dev/null
echo "installed: $(readlink -f /usr/bin/paymon)"
echo "chrome-sandbox: $(stat -c %a /opt/Paymon/chrome-sandbox)"
set +e
PATH=/usr/bin:/bin paymon "$@"
echo "exit: $?"
set -e
"$control/postrm" remove >/dev/null
if [ -e /usr/bin/paymon ] || [ -L /usr/bin/paymon ]; then echo "after remove: /usr/bin/paymon is still there"; else echo "after remove: gone"; fi
