#!/usr/bin/env bash
# Builds the Debian package build/package/scanshare_<version>_amd64.deb with CPack from the release
# build (programs, desktop entry, icon, man pages, docs; dependencies from dpkg-shlibdeps) and checks
# it with lintian (fails on lintian errors). Not part of scripts/test.sh: see docs/packaging.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
rm -rf build/package
cpack --config build/release/CPackConfig.cmake -B build/package
deb=$(ls build/package/scanshare_*_amd64.deb)
echo "package: $deb"
dpkg-deb --field "$deb" Package Version Architecture Depends
# --fail-on error: warnings are explained in docs/packaging.md, errors stop the script.
lintian --fail-on error --info "$deb"
echo "lintian: no errors"
