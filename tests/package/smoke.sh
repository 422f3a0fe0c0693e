#!/usr/bin/env bash
# The packaging smoke test, run by `make package` after the bundler (as root, on Debian 12).
# Checks the .deb's and .rpm's metadata, installs the .deb on this machine, checks the desktop
# entry and icon where the desktop finds them, then drives the installed app under Xvfb on a temp
# OS data folder (tests/tests/package_smoke.rs) and removes the package again, whatever happened.
set -euo pipefail
cd "$(dirname "$0")/../.."

sudo=""
[ "$(id -u)" = 0 ] || sudo=sudo

say() { printf 'smoke: %s\n' "$*"; }
die() {
	printf 'smoke: FAILED: %s\n' "$*" >&2
	exit 1
}

deb=$(ls -t target/release/bundle/deb/*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || die "no .deb under target/release/bundle/deb (run make package)"
pkg=$(dpkg-deb -f "$deb" Package)

say "metadata of $deb"
for field in Package Version Architecture Maintainer Section Priority Depends Installed-Size; do
	value=$(dpkg-deb -f "$deb" "$field")
	[ -n "$value" ] || die "the .deb has no $field"
	printf '  %-15s %s\n' "$field:" "$value"
done
description=$(dpkg-deb -f "$deb" Description)
[ "$(printf '%s\n' "$description" | wc -l)" -gt 1 ] || die "the .deb has no long description"
printf '  %-15s %s\n' "Description:" "$(printf '%s\n' "$description" | head -1)"
if dpkg-deb -f "$deb" Maintainer | grep -qi 'unknown'; then
	die "the .deb's Maintainer is a placeholder"
fi

# The .rpm: its metadata, then installed into a throwaway root (this is no RPM system), where its
# desktop entry is validated and its binary is driven like the .deb's below.
rpm_root=$(mktemp -d)
trap 'rm -rf "$rpm_root"' EXIT
rpm_file=$(ls -t target/release/bundle/rpm/*.rpm 2>/dev/null | head -1)
if [ -n "$rpm_file" ]; then
	command -v rpm >/dev/null || die "rpm is not installed (make package-deps)"
	say "metadata of $rpm_file"
	rpm -qp --queryformat '  Name:    %{NAME} %{VERSION}-%{RELEASE}\n  License: %{LICENSE}\n  Summary: %{SUMMARY}\n' "$rpm_file"
	rpm -qp --requires "$rpm_file" | grep -q webkit || die "the .rpm does not require WebKitGTK"
	rpm --root "$rpm_root" --initdb
	# (rpm on Debian warns on every install; its output is shown only on failure.)
	out=$(rpm --root "$rpm_root" -i --nodeps --noscripts "$rpm_file" 2>&1) || die "the .rpm does not install: $out"
	rpm_desktop=$(ls "$rpm_root"/usr/share/applications/*.desktop) || die "the .rpm has no desktop entry"
	desktop-file-validate "$rpm_desktop" || die "desktop-file-validate refuses the .rpm's $rpm_desktop"
	ls "$rpm_root"/usr/share/icons/hicolor/*/apps/*.png >/dev/null || die "the .rpm has no icons"
	say "the .rpm installs into a throwaway root: binary, valid desktop entry, icons"
fi

if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
	die "$pkg is already installed here: remove it first (dpkg -r $pkg)"
fi
if [ -e /usr/bin/vetta ]; then
	die "/usr/bin/vetta exists and is not from the $pkg package: not installing over it"
fi

removed=0
remove() {
	rm -rf "$rpm_root"
	[ "$removed" = 1 ] && return
	removed=1
	$sudo dpkg -r "$pkg" >/dev/null
	if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
		die "$pkg is still installed after dpkg -r"
	fi
	[ ! -e /usr/bin/vetta ] || die "/usr/bin/vetta is still there after dpkg -r"
	say "removed $pkg (dpkg -r): no file of it is left"
}
trap remove EXIT

say "installing $deb (dpkg -i)"
$sudo dpkg -i "$deb" >/dev/null
binary=$(dpkg -L "$pkg" | grep -m1 '^/usr/bin/')
desktop=$(dpkg -L "$pkg" | grep -m1 '^/usr/share/applications/.*\.desktop$') ||
	die "no desktop entry in /usr/share/applications"
say "installed: $binary, $desktop"

desktop-file-validate "$desktop" || die "desktop-file-validate refuses $desktop"
say "desktop-file-validate: $desktop is valid"
key() { grep -m1 "^$1=" "$desktop" | cut -d= -f2-; }
for k in Name 'Name\[ru\]' Comment 'Comment\[ru\]' GenericName 'GenericName\[ru\]' Categories Exec Icon StartupWMClass; do
	value=$(key "$k")
	[ -n "$value" ] || die "the desktop entry has no ${k//\\/}"
	printf '  %-18s %s\n' "${k//\\/}:" "$value"
done
[ "$(key Exec)" = "$(basename "$binary")" ] || [ "$(key Exec)" = "$binary" ] ||
	die "the desktop entry runs $(key Exec), not $binary"
icon=$(key Icon)
icons=$(dpkg -L "$pkg" | grep "^/usr/share/icons/hicolor/.*/apps/$icon\.png$" || true)
[ -n "$icons" ] || die "no icon named $icon in /usr/share/icons/hicolor"
say "icons: $(printf '%s\n' "$icons" | tr '\n' ' ')"

say "driving $binary under Xvfb on a temp OS data folder"
VETTA_APP="$binary" cargo test -p vetta-tests --test package_smoke -- --test-threads=1
if [ -n "$rpm_file" ]; then
	say "driving the .rpm's binary (from the throwaway root) the same way"
	VETTA_APP="$rpm_root/usr/bin/vetta" cargo test -q -p vetta-tests --test package_smoke -- --test-threads=1
fi
remove
say "passed"
