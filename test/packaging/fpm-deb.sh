#!/bin/sh
# Stand-in for fpm, for tests only: electron-builder builds its deb with fpm, a Ruby tool it
# downloads from GitHub, which cannot be fetched here (CI's workflow uses the real one). This does
# the part of `fpm -s dir -t deb` that electron-builder asks for, with dpkg-deb: same control
# fields, maintainer scripts and file mappings (`source=destination`), so the deb that
# electron-builder.yml describes can be built and installed in a test. Use: CUSTOM_FPM_PATH=<this>.
set -eu

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
chmod 755 "$stage" # the package's ./ entry: installed as / must stay 755
mkdir -p "$stage/DEBIAN"

name='' version='' arch='' maintainer='' vendor='' url='' description='' package='' license=''
depends='' recommends='' priority=optional compression=xz

while [ $# -gt 0 ]; do
  case $1 in
    -s) [ "$2" = dir ] || { echo "fpm stand-in: only -s dir" >&2; exit 2; }; shift 2 ;;
    -t) [ "$2" = deb ] || { echo "fpm stand-in: only -t deb" >&2; exit 2; }; shift 2 ;;
    --force) shift ;;
    -d|--depends) depends="${depends:+$depends, }$2"; shift 2 ;;
    --deb-recommends) recommends="${recommends:+$recommends, }$2"; shift 2 ;;
    --deb-compression) compression=$2; shift 2 ;;
    --deb-priority) priority=$2; shift 2 ;;
    --architecture) arch=$2; shift 2 ;;
    --after-install) cp "$2" "$stage/DEBIAN/postinst"; chmod 755 "$stage/DEBIAN/postinst"; shift 2 ;;
    --after-remove) cp "$2" "$stage/DEBIAN/postrm"; chmod 755 "$stage/DEBIAN/postrm"; shift 2 ;;
    --description) description=$2; shift 2 ;;
    --version) version=$2; shift 2 ;;
    --package) package=$2; shift 2 ;;
    --name) name=$2; shift 2 ;;
    --maintainer) maintainer=$2; shift 2 ;;
    --vendor) vendor=$2; shift 2 ;;
    --url) url=$2; shift 2 ;;
    --license) license=$2; shift 2 ;;
    -*) echo "fpm stand-in: unsupported option $1" >&2; exit 2 ;;
    *=*)
      src=${1%=*}
      dest=$stage${1##*=}
      case $src in
        */) mkdir -p "$dest"; cp -a "$src." "$dest/" ;;
        *) mkdir -p "$(dirname "$dest")"; cp -a "$src" "$dest" ;;
      esac
      shift ;;
    *) echo "fpm stand-in: unexpected argument $1" >&2; exit 2 ;;
  esac
done

for field in name version arch maintainer package; do
  eval "value=\$$field"
  [ -n "$value" ] || { echo "fpm stand-in: missing --$field" >&2; exit 2; }
done

{
  echo "Package: $name"
  echo "Version: $version"
  echo "License: $license"
  echo "Vendor: $vendor"
  echo "Architecture: $arch"
  echo "Maintainer: $maintainer"
  echo "Installed-Size: $(du -sk --exclude=DEBIAN "$stage" | cut -f1)"
  [ -z "$depends" ] || echo "Depends: $depends"
  [ -z "$recommends" ] || echo "Recommends: $recommends"
  echo "Section: default"
  echo "Priority: $priority"
  [ -z "$url" ] || echo "Homepage: $url"
  echo "Description: $description"
} > "$stage/DEBIAN/control"

dpkg-deb --root-owner-group -Z"$compression" --build "$stage" "$package" >/dev/null
