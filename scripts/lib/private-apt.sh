# Sourced helper: a private apt configuration that never touches the machine's apt state.
#
#   private_apt_init DIR TYPE [ARCH]
#     Creates DIR/{sources.d,conf.d,lists,cache} with the system's sources rewritten to
#     `Types: TYPE` (deb or deb-src), a copy of /etc/apt/apt.conf.d minus update hooks, and
#     fills the array PRIVATE_APT_OPTS with the -o options for apt-get. With ARCH (e.g.
#     arm64) the private apt sees that architecture only, so `apt-get download` fetches it.
#     Runs `apt-get update` on the private lists (log: DIR/update.log).
#   private_apt ARGS...   runs apt-get with the private configuration.
#   private_apt_cache ARGS...   the same for apt-cache.
# Callers define die().

private_apt_init() {
  local dir=$1 type=$2 arch=${3:-}
  mkdir -p "$dir"/{sources.d,conf.d,lists/partial,cache/archives/partial}
  rm -f "$dir"/sources.d/*
  if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
    sed -E "s/^Types:.*/Types: $type/" /etc/apt/sources.list.d/debian.sources \
      >"$dir/sources.d/debian.sources"
  elif [[ -f /etc/apt/sources.list ]]; then
    sed -nE "s/^[[:space:]]*deb(-src)?([[:space:]])/$type\\2/p" /etc/apt/sources.list \
      | sort -u >"$dir/sources.d/debian.list"
    [[ -s $dir/sources.d/debian.list ]] || die "no deb lines in /etc/apt/sources.list"
  else
    die "neither /etc/apt/sources.list.d/debian.sources nor /etc/apt/sources.list exists"
  fi

  # Private copy of the system apt.conf.d (keeps proxies etc.) minus the update hooks
  # (PackageKit/AppStream refreshes would touch system caches).
  rm -f "$dir"/conf.d/*
  if [[ -d /etc/apt/apt.conf.d ]]; then
    find /etc/apt/apt.conf.d -maxdepth 1 -type f -exec cp -t "$dir/conf.d" {} +
  fi
  cat >"$dir/conf.d/zzzz-gofer-private" <<'CONF'
#clear APT::Update::Pre-Invoke;
#clear APT::Update::Post-Invoke;
#clear APT::Update::Post-Invoke-Success;
#clear DPkg::Pre-Invoke;
#clear DPkg::Post-Invoke;
CONF
  # APT_CONFIG is read before the parts dir, so this redirects Dir::Etc::Parts.
  printf 'Dir::Etc::Parts "%s/conf.d";\n' "$dir" >"$dir/apt.conf"
  PRIVATE_APT_CONFIG=$dir/apt.conf
  PRIVATE_APT_OPTS=(
    -o "Dir::Etc::SourceList=/dev/null"
    -o "Dir::Etc::SourceParts=$dir/sources.d"
    -o "Dir::State::Lists=$dir/lists"
    -o "Dir::State::status=/dev/null"
    -o "Dir::Cache=$dir/cache"
    -o "Dir::Cache::archives=$dir/cache/archives"
  )
  [[ -z $arch ]] || PRIVATE_APT_OPTS+=(-o "APT::Architecture=$arch" -o "APT::Architectures=$arch")
  # As root apt would drop to _apt, which cannot write into this tree.
  ((EUID != 0)) || PRIVATE_APT_OPTS+=(-o "APT::Sandbox::User=root")
  private_apt -q update >"$dir/update.log" 2>&1 ||
    { cat "$dir/update.log" >&2; die "private apt-get update failed (log: $dir/update.log)"; }
}

private_apt() {
  APT_CONFIG=$PRIVATE_APT_CONFIG apt-get "${PRIVATE_APT_OPTS[@]}" "$@"
}

private_apt_cache() {
  APT_CONFIG=$PRIVATE_APT_CONFIG apt-cache "${PRIVATE_APT_OPTS[@]}" "$@"
}
