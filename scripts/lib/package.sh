# Sourced by scripts/release.sh: one function per artifact kind. Every function writes
# deterministic output (sorted tar members, mtimes = SOURCE_DATE_EPOCH, root owner, gzip -n).

say() { printf 'release: %s\n' "$*" >&2; }
die() { printf 'release: error: %s\n' "$*" >&2; exit 1; }

# Libraries inside the static binary: "display name|Debian package whose copyright file
# carries the license". curl, libxml2 and TagLib are built from their Debian source packages (same
# copyright). scripts/lib/sbom.py has the same libraries, with their SPDX licence ids.
THIRD_PARTY=(
  "curl (libcurl)|libcurl4-openssl-dev" "OpenSSL|libssl-dev" "nghttp2|libnghttp2-dev"
  "c-ares|libc-ares-dev" "zlib|zlib1g-dev" "zstd|libzstd-dev" "brotli|libbrotli-dev"
  "RE2|libre2-dev" "utf8proc|libutf8proc-dev" "uchardet|libuchardet-dev" "fmt|libfmt-dev"
  "spdlog|libspdlog-dev" "CLI11|libcli11-dev" "nlohmann-json|nlohmann-json3-dev"
  "libxml2|libxml2-dev" "toml++|libtomlplusplus-dev" "libexif|libexif-dev" "TagLib|libtag1-dev"
  "GNU C Library (glibc)|libc6-dev" "GCC runtime (libstdc++, libgcc)|libstdc++-12-dev"
)

# deterministic_tar OUT.tar.gz DIR MEMBER...
deterministic_tar() {
  local out=$1 dir=$2
  shift 2
  tar -C "$dir" --sort=name --mtime="@$SOURCE_DATE_EPOCH" --clamp-mtime --owner=0 --group=0 \
    --numeric-owner --format=gnu -cf - "$@" | gzip -n -9 >"$out"
}

# "PACKAGE VERSION" of the Debian package linked into the ARCH binary: the installed package for the host,
# the unpacked arm64 .deb (arm64-sysroot.sh) or the cross toolchain's package for aarch64.
linked_version() {
  local package=$1 arch=$2
  if [[ $arch == aarch64 ]]; then
    case $package in
      libc6-dev | libstdc++-12-dev) package=${package}-arm64-cross ;;
      *)
        local stamp=$root/build/static-deps/aarch64-sysroot/.stamp
        local deb
        deb=$(grep -m1 "^\./${package}_" "$stamp" 2>/dev/null) && {
          deb=${deb#./"${package}"_}
          deb=${deb%_*}
          printf '%s %s\n' "$package" "${deb//%3a/:}"
          return
        } ;;
    esac
  fi
  dpkg-query -W -f='${Package} ${Version}\n' "$package"
}

# make_notices ARCH OUT: the license notices a static binary must carry, taken from the
# Debian packages' copyright files at release time.
make_notices() {
  local arch=$1 out=$2 entry name package copyright
  {
    printf 'Third-party software in the gofer %s binary\n' "$arch"
    printf '==============================================\n\n'
    printf 'gofer itself is MIT-licensed (LICENSE). The binary is statically linked with the\n'
    printf 'libraries below, all built by Debian 12; each section is the Debian copyright file\n'
    printf 'of the package, with the exact version linked. The GNU C Library and libexif are\n'
    printf 'LGPL-2.1 (TagLib is used under its MPL-1.1 option): the complete source of gofer\n'
    printf '(gofer-VERSION.tar.gz), its build scripts and Debian'"'"'s source packages let you\n'
    printf 'relink the binary against a modified glibc or libexif.\n\n'
    for entry in "${THIRD_PARTY[@]}"; do
      name=${entry%%|*} package=${entry#*|}
      printf '  %-34s Debian %s\n' "$name" "$(linked_version "$package" "$arch")"
    done
    for entry in "${THIRD_PARTY[@]}"; do
      name=${entry%%|*} package=${entry#*|}
      copyright=/usr/share/doc/$package/copyright
      [[ -f $copyright ]] || die "$copyright is missing (is $package installed?)"
      printf '\n\n%s\n%s (%s)\n%s\n\n' "$(printf '=%.0s' {1..78})" "$name" "$package" \
        "$(printf '=%.0s' {1..78})"
      cat "$copyright"
    done
  } >"$out"
}

# make_docs HOST_BINARY VERSION DIR: gofer.1 and completions, from a binary that runs here.
make_docs() {
  local bin=$1 version=$2 dir=$3
  mkdir -p "$dir/completions"
  say "man page and completions"
  scripts/lib/man-page.sh "$bin" "$version" "$dir/gofer.1"
  "$bin" completions bash >"$dir/completions/gofer.bash"
  "$bin" completions zsh >"$dir/completions/_gofer"
  "$bin" completions fish >"$dir/completions/gofer.fish"
}

# stage_tarball_tree BINARY COMMON_DIR ARCH STAGE SBOM: the tree inside the release tarball.
stage_tarball_tree() {
  local bin=$1 common=$2 arch=$3 stage=$4 sbom=$5
  mkdir -p "$stage"
  install -m755 "$bin" "$stage/gofer"
  install -m644 "$sbom" "$stage/gofer.spdx.json"
  install -m644 "$common/gofer.1" README.md LICENSE docs/gofer-json.schema.json "$stage/"
  cp -r "$common/completions" "$stage/"
  chmod 644 "$stage"/completions/*
  make_notices "$arch" "$stage/THIRD-PARTY-NOTICES"
}

# install_tree STAGE DESTROOT DOCDIR: the files every package installs, in FHS places.
install_tree() {
  local stage=$1 dest=$2 docdir=$3
  install -Dm755 "$stage/gofer" "$dest/usr/bin/gofer"
  install -d "$dest/usr/share/man/man1"
  gzip -n -9 <"$stage/gofer.1" >"$dest/usr/share/man/man1/gofer.1.gz"
  install -Dm644 "$stage/completions/gofer.bash" "$dest/usr/share/bash-completion/completions/gofer"
  install -Dm644 "$stage/completions/_gofer" "$dest/usr/share/zsh/vendor-completions/_gofer"
  install -Dm644 "$stage/completions/gofer.fish" \
    "$dest/usr/share/fish/vendor_completions.d/gofer.fish"
  install -Dm644 "$stage/README.md" "$dest$docdir/README.md"
  # The schema every --json line follows, for the consumers that validate it.
  install -Dm644 "$stage/gofer-json.schema.json" "$dest$docdir/gofer-json.schema.json"
  install -Dm644 "$stage/gofer.spdx.json" "$dest$docdir/gofer.spdx.json"
}

deb_arch() { case $1 in x86_64) echo amd64 ;; aarch64) echo arm64 ;; esac; }
deb_version() { printf '%s-1\n' "${1//-/+}"; }

# make_deb STAGE VERSION ARCH WORK OUTDIR
make_deb() {
  local stage=$1 version=$2 arch=$3 work=$4 outdir=$5 root_dir debver
  root_dir=$work/root debver=$(deb_version "$version")
  say "deb $arch"
  install_tree "$stage" "$root_dir" /usr/share/doc/gofer
  cat "$stage/LICENSE" - "$stage/THIRD-PARTY-NOTICES" >"$root_dir/usr/share/doc/gofer/copyright" \
    <<<$'\n'
  mkdir -p "$root_dir/DEBIAN"
  sed -e "s|@DEB_VERSION@|$debver|; s|@DEB_ARCH@|$(deb_arch "$arch")|" \
    -e "s|@INSTALLED_SIZE@|$(du -sk --exclude=DEBIAN "$root_dir" | cut -f1)|" \
    -e "s|@HOMEPAGE@|$homepage|" packaging/deb/control.in >"$root_dir/DEBIAN/control"
  (cd "$root_dir" && find usr -type f -printf '%P\n' | LC_ALL=C sort |
    sed 's|^|usr/|' | xargs md5sum >DEBIAN/md5sums)
  find "$root_dir" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
  chmod -R u=rwX,go=rX "$root_dir"
  dpkg-deb --root-owner-group -Zxz --build "$root_dir" \
    "$outdir/gofer_${debver}_$(deb_arch "$arch").deb" >/dev/null
}

# make_rpm STAGE VERSION ARCH WORK OUTDIR
make_rpm() {
  local stage=$1 version=$2 arch=$3 work=$4 outdir=$5 rpmver
  rpmver=$(sed 's/-/^/; s/-/./g' <<<"$version")
  say "rpm $arch"
  mkdir -p "$work"
  sed -e "s|@RPM_VERSION@|$rpmver|; s|@RPM_ARCH@|$arch|g; s|@HOMEPAGE@|$homepage|" \
    packaging/rpm/gofer.spec.in >"$work/gofer.spec"
  rpmbuild -bb --quiet --target "$arch-linux" \
    --define "_topdir $work/top" --define "_sourcedir $stage" --define "_rpmdir $work/out" \
    --define "_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm" \
    --define "_buildhost reproducible" --define "use_source_date_epoch_as_buildtime 1" \
    --define "clamp_mtime_to_source_date_epoch 1" --define "_dbpath $work/rpmdb" \
    "$work/gofer.spec" >"$work/rpmbuild.log" 2>&1 ||
    { tail -n 30 "$work/rpmbuild.log" >&2; die "rpmbuild failed for $arch (log: $work/rpmbuild.log)"; }
  mv "$work"/out/*.rpm "$outdir/"
}

# make_docker_context VERSION WORK OUTDIR ARCH...: the FROM scratch build context, as a tarball
# `docker build - < …` and `docker buildx build --platform linux/amd64,linux/arm64 - < …` take.
make_docker_context() {
  local version=$1 work=$2 outdir=$3 arch
  shift 3
  say "docker context"
  mkdir -p "$work/context"
  sed "s|@VERSION@|$version|g" packaging/docker/Dockerfile >"$work/context/Dockerfile"
  install -m644 /etc/ssl/certs/ca-certificates.crt "$work/context/ca-certificates.crt"
  install -m644 /usr/share/doc/ca-certificates/copyright "$work/context/ca-certificates.copyright"
  for arch in "$@"; do
    install -m755 "$dist/gofer-$version-$arch-linux" "$work/context/gofer-$(deb_arch "$arch")"
  done
  deterministic_tar "$outdir/gofer-$version-docker-context.tar.gz" "$work/context" .
  # No Docker engine here: the image is the one layer those COPYs make, so its size is the
  # size of that layer's tar (what `docker image ls` reports, to within tar headers).
  for arch in "$@"; do
    local rootfs=$work/rootfs-$arch
    install -Dm644 "$work/context/ca-certificates.crt" "$rootfs/etc/ssl/certs/ca-certificates.crt"
    install -Dm755 "$work/context/gofer-$(deb_arch "$arch")" "$rootfs/usr/bin/gofer"
    tar -C "$rootfs" --sort=name --owner=0 --group=0 --numeric-owner -cf "$work/image-$arch.tar" .
    say "image linux/$(deb_arch "$arch"): $(stat -c %s "$work/image-$arch.tar") bytes (layer tar)"
  done
}

# fill_packaging VERSION URL_BASE HOMEPAGE OUTDIR: packaging/* templates with the checksums.
fill_packaging() {
  local version=$1 url_base=$2 homepage=$3 outdir=$4 template out
  local sum_source sum_x86 sum_arm
  sum_source=$(sha256sum <"$outdir/gofer-$version.tar.gz" | cut -d' ' -f1)
  sum_x86=$(sha256sum <"$outdir/gofer-$version-x86_64-linux.tar.gz" | cut -d' ' -f1)
  sum_arm=$(sha256sum <"$outdir/gofer-$version-aarch64-linux.tar.gz" | cut -d' ' -f1)
  say "packaging/ with checksums"
  for template in homebrew/gofer.rb.in aur/PKGBUILD.in nix/default.nix.in docker/Dockerfile; do
    out=$outdir/packaging/${template%.in}
    mkdir -p "$(dirname "$out")"
    sed -e "s|@VERSION@|$version|g; s|@URL_BASE@|$url_base|g; s|@HOMEPAGE@|$homepage|g" \
      -e "s|@SHA256_SOURCE@|$sum_source|g; s|@SHA256_X86_64@|$sum_x86|g" \
      -e "s|@SHA256_AARCH64@|$sum_arm|g" "packaging/$template" >"$out"
    ! grep -n '@[A-Z0-9_]*@' "$out" || die "unfilled placeholder in $out"
  done
}
