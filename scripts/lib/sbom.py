#!/usr/bin/python3
"""The release SBOM (SPDX 2.3 JSON) of gofer's binaries, and the check that it is complete.

  sbom.py generate --version VER --out FILE [--url-base URL] [--build-dir ARCH=DIR]... ARCH=BINARY...
  sbom.py check SBOM [--build-dir ARCH=DIR]... ARCH=BINARY...

Every library package comes from the binary itself: the list `BINARY --version --json` prints
(`libraries`: name, version, where the version was read). For each, the Debian package it was
built from is asked of dpkg-query (the -dev package in LIBRARIES below: its source package and
version; libcurl, libxml2 and TagLib are compiled from exactly that source by scripts/lib/static-*.sh).
The licence is the SPDX id of the library's upstream licence, as Debian's copyright file states it.

`check` fails (exit 1, one line per problem) when a library the binary reports, or one on the
binary's link line (the gofer target's LINK_LIBRARIES in DIR/build.ninja), has no package in
the SBOM, when a version differs, or when the document lacks what SPDX 2.3 requires.
`generate` runs the same check on what it made before writing it.
A binary of a foreign architecture runs through qemu-ARCH-static.
"""
import argparse
import datetime
import hashlib
import json
import os
import platform
import re
import subprocess
import sys
import urllib.parse

# gofer's name for a library -> (Debian package whose source it was built from, SPDX licence).
LIBRARIES = {
    "libcurl": ("libcurl4-openssl-dev", "curl"),
    "openssl": ("libssl-dev", "Apache-2.0"),
    "nghttp2": ("libnghttp2-dev", "MIT"),
    "c-ares": ("libc-ares-dev", "MIT"),
    "zlib": ("zlib1g-dev", "Zlib"),
    "zstd": ("libzstd-dev", "BSD-3-Clause OR GPL-2.0-only"),
    "brotli": ("libbrotli-dev", "MIT"),
    "re2": ("libre2-dev", "BSD-3-Clause"),
    "utf8proc": ("libutf8proc-dev", "MIT AND Unicode-DFS-2016"),
    "uchardet": ("libuchardet-dev", "MPL-1.1 OR GPL-2.0-or-later OR LGPL-2.1-or-later"),
    "libxml2": ("libxml2-dev", "MIT"),
    "libexif": ("libexif-dev", "LGPL-2.1-or-later"),
    "taglib": ("libtag1-dev", "LGPL-2.1-only OR MPL-1.1"),
    "fmt": ("libfmt-dev", "MIT"),
    "spdlog": ("libspdlog-dev", "MIT"),
    "cli11": ("libcli11-dev", "BSD-3-Clause"),
    "tomlplusplus": ("libtomlplusplus-dev", "MIT"),
    "nlohmann-json": ("nlohmann-json3-dev", "MIT"),
    "glibc": ("libc6-dev", "LGPL-2.1-or-later"),
    "libstdc++": ("libstdc++-12-dev", "GPL-3.0-or-later WITH GCC-exception-3.1"),
}
# A library on the link line (-lNAME, libNAME.a, libNAME.so) -> the library it belongs to.
LINKED_NAMES = {
    "curl": "libcurl", "ssl": "openssl", "crypto": "openssl", "nghttp2": "nghttp2",
    "cares": "c-ares", "z": "zlib", "zstd": "zstd", "brotlidec": "brotli",
    "brotlicommon": "brotli", "re2": "re2", "utf8proc": "utf8proc", "uchardet": "uchardet",
    "xml2": "libxml2", "exif": "libexif", "tag": "taglib", "pthread": "glibc", "m": "glibc", "dl": "glibc",
    "rt": "glibc",
}
DEB_ARCH = {"x86_64": "amd64", "aarch64": "arm64"}


def fail(problems):
    for problem in problems:
        print(f"sbom: {problem}", file=sys.stderr)
    sys.exit(1)


def reported_libraries(arch, binary):
    """name -> version, as the binary prints them in `--version --json`."""
    command = [binary, "--version", "--json"]
    if arch != platform.machine():
        command.insert(0, f"qemu-{arch}-static")
    try:
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        fail([f"{binary}: cannot run --version --json: {error}"])
    record = json.loads(output.splitlines()[0])
    if "libraries" not in record:
        fail([f"{binary}: --version --json lists no libraries (a gofer older than the SBOM?)"])
    return record, {lib["name"]: lib for lib in record["libraries"]}


def linked_libraries(build_dir):
    """The libraries on the gofer target's link line, mapped to gofer's names; unknown ones kept."""
    path = os.path.join(build_dir, "build.ninja")
    try:
        with open(path, encoding="utf-8") as ninja:
            text = ninja.read()
    except OSError as error:
        fail([f"{path}: cannot read the link line: {error.strerror}"])
    match = re.search(r"^build src/cli/gofer: .*\n(?:  .*\n)*?  LINK_LIBRARIES = (.*)$", text, re.M)
    if match is None:
        fail([f"{path}: no LINK_LIBRARIES for src/cli/gofer"])
    names = set()
    for token in match.group(1).split():
        base = os.path.basename(token)
        if base.startswith("libgofer_") or token.startswith("-Wl,"):
            continue  # gofer's own code, linker options
        name = re.sub(r"^(-l|lib)", "", base)
        name = re.sub(r"\.(a|so)(\.[0-9.]+)?$", "", name)
        names.add(LINKED_NAMES.get(name, f"unknown:{token}"))
    return names


def debian_facts(package):
    """(binary version, source package, source version) of an installed Debian package."""
    query = ["dpkg-query", "-W", "-f=${Version}\t${source:Package}\t${source:Version}", package]
    try:
        out = subprocess.run(query, check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        fail([f"{package}: not installed, so the source of its library is unknown (scripts/setup.sh)"])
    return tuple(out.split("\t"))


def spdx_id(*parts):
    return "SPDXRef-" + "-".join(re.sub(r"[^A-Za-z0-9.]", "-", part) for part in parts)


def sha256_of(path):
    with open(path, "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()


def library_package(name, library):
    if name not in LIBRARIES:
        fail([f"library '{name}' has no Debian package and licence in LIBRARIES (scripts/lib/sbom.py)"])
    package, licence = LIBRARIES[name]
    version, source, source_version = debian_facts(package)
    purl_version = urllib.parse.quote(source_version, safe="")
    return {
        "name": name, "SPDXID": spdx_id("Package", name, library["version"]),
        "versionInfo": library["version"], "supplier": "Organization: Debian",
        "downloadLocation": f"https://snapshot.debian.org/package/{source}/{source_version}/",
        "filesAnalyzed": False, "licenseConcluded": "NOASSERTION", "licenseDeclared": licence,
        "copyrightText": "NOASSERTION", "primaryPackagePurpose": "LIBRARY",
        "sourceInfo": f"Debian 12 source package {source} {source_version} (through {package} "
                      f"{version}); version read by gofer from: {library['version_from']}",
        "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
                          "referenceLocator": f"pkg:deb/debian/{source}@{purl_version}"
                                              "?arch=source&distro=debian-12"}],
    }


def gofer_package(arch, binary, version, url_base):
    file_name = os.path.basename(binary)
    return {
        "name": "gofer", "SPDXID": spdx_id("gofer", arch), "versionInfo": version,
        "packageFileName": file_name, "supplier": "Organization: gofer",
        "downloadLocation": f"{url_base}/{file_name}", "filesAnalyzed": False,
        "checksums": [{"algorithm": "SHA256", "checksumValue": sha256_of(binary)}],
        "licenseConcluded": "MIT", "licenseDeclared": "MIT", "copyrightText": "NOASSERTION",
        "primaryPackagePurpose": "APPLICATION",
        "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
                          "referenceLocator": f"pkg:generic/gofer@{version}?arch={DEB_ARCH.get(arch, arch)}"}],
    }


def generate(args):
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    created = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc)
    doc = {
        "spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT",
        "name": f"gofer-{args.version}",
        "documentNamespace": f"{args.url_base}/gofer-{args.version}.spdx.json",
        "creationInfo": {"created": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
                         "creators": ["Tool: gofer-scripts/lib/sbom.py", "Organization: gofer"]},
        "packages": [], "relationships": [],
    }
    libraries = {}
    for arch, binary in args.binaries:
        record, reported = reported_libraries(arch, binary)
        gofer = gofer_package(arch, binary, args.version, args.url_base)
        doc["packages"].append(gofer)
        doc["relationships"].append({"spdxElementId": "SPDXRef-DOCUMENT",
                                     "relationshipType": "DESCRIBES",
                                     "relatedSpdxElement": gofer["SPDXID"]})
        link = "STATIC_LINK" if record.get("static") else "DYNAMIC_LINK"
        for name, library in reported.items():
            package = libraries.setdefault((name, library["version"]), library_package(name, library))
            doc["relationships"].append({"spdxElementId": gofer["SPDXID"], "relationshipType": link,
                                         "relatedSpdxElement": package["SPDXID"]})
    doc["packages"] += sorted(libraries.values(), key=lambda package: package["SPDXID"])
    check_document(doc, args)
    with open(args.out + ".tmp", "w", encoding="utf-8") as out:
        json.dump(doc, out, indent=2, sort_keys=True)
        out.write("\n")
    os.replace(args.out + ".tmp", args.out)


def document_problems(doc):
    problems = []
    for field, value in (("spdxVersion", "SPDX-2.3"), ("dataLicense", "CC0-1.0"),
                         ("SPDXID", "SPDXRef-DOCUMENT")):
        if doc.get(field) != value:
            problems.append(f"{field} is {doc.get(field)!r}, not {value!r}")
    if not doc.get("documentNamespace") or not doc.get("creationInfo", {}).get("created"):
        problems.append("no documentNamespace or creationInfo.created")
    for package in doc.get("packages", []):
        missing = [field for field in ("name", "SPDXID", "versionInfo", "downloadLocation",
                                       "licenseDeclared", "supplier") if not package.get(field)]
        purls = [ref["referenceLocator"] for ref in package.get("externalRefs", [])
                 if ref.get("referenceType") == "purl"]
        if missing or not purls:
            problems.append(f"package {package.get('name')!r} lacks {missing or 'a purl'}")
    return problems


def coverage_problems(doc, arch, binary):
    """What the binary reports against what the SBOM lists as linked into it."""
    _, reported = reported_libraries(arch, binary)
    by_id = {package["SPDXID"]: package for package in doc.get("packages", [])}
    gofer = by_id.get(spdx_id("gofer", arch))
    if gofer is None:
        return [f"no gofer package for {arch}"]
    problems = []
    if gofer.get("checksums", [{}])[0].get("checksumValue") != sha256_of(binary):
        problems.append(f"{binary}: its SHA-256 is not the one of the gofer {arch} package")
    listed = {(by_id[rel["relatedSpdxElement"]]["name"], by_id[rel["relatedSpdxElement"]]["versionInfo"])
              for rel in doc.get("relationships", [])
              if rel["spdxElementId"] == gofer["SPDXID"] and rel["relatedSpdxElement"] in by_id}
    wanted = {(name, library["version"]) for name, library in reported.items()}
    for name, version in sorted(wanted - listed):
        problems.append(f"{name} {version}: linked into {binary} (--version --json) but not in the SBOM")
    for name, version in sorted(listed - wanted):
        problems.append(f"{name} {version}: in the SBOM but not reported by {binary} --version --json")
    return problems


def link_line_problems(arch, binary, build_dir):
    _, reported = reported_libraries(arch, binary)
    problems = []
    for name in sorted(linked_libraries(build_dir)):
        if name.startswith("unknown:"):
            problems.append(f"{name[8:]}: on gofer's link line ({build_dir}) but unknown to "
                            "scripts/lib/sbom.py (add it to LINKED_NAMES, LIBRARIES and --version)")
        elif name not in reported:
            problems.append(f"{name}: on gofer's link line ({build_dir}) but missing from "
                            f"{binary} --version --json, so from the SBOM")
    return problems


def check_document(doc, args):
    problems = document_problems(doc)
    for arch, binary in args.binaries:
        problems += coverage_problems(doc, arch, binary)
        if arch in args.build_dirs:
            problems += link_line_problems(arch, binary, args.build_dirs[arch])
    if problems:
        fail(problems)


def check(args):
    try:
        with open(args.sbom, encoding="utf-8") as file:
            doc = json.load(file)
    except (OSError, ValueError) as error:
        fail([f"{args.sbom}: cannot read the SBOM: {error}"])
    check_document(doc, args)
    print(f"sbom: {args.sbom}: {len(doc['packages'])} packages, complete for "
          + ", ".join(arch for arch, _ in args.binaries), file=sys.stderr)


def arch_value(text):
    arch, sep, value = text.partition("=")
    if not sep or not arch or not value:
        raise argparse.ArgumentTypeError(f"expected ARCH=PATH, got '{text}'")
    return arch, value


def main():
    parser = argparse.ArgumentParser(prog="sbom.py", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate")
    gen.add_argument("--version", required=True)
    gen.add_argument("--out", required=True)
    gen.add_argument("--url-base", default="https://github.com/gofer-cli/gofer/releases")
    chk = commands.add_parser("check")
    chk.add_argument("sbom")
    for sub in (gen, chk):
        sub.add_argument("--build-dir", type=arch_value, action="append", default=[])
        sub.add_argument("binaries", type=arch_value, nargs="+", metavar="ARCH=BINARY")
    # argparse stops a nargs="+" positional at the next option, so the release scripts'
    # "--build-dir A=D A=BIN --build-dir B=D B=BIN" would leave B=BIN unparsed: take the rest
    # as further ARCH=BINARY pairs, and refuse anything else.
    args, rest = parser.parse_known_args()
    for text in rest:
        try:
            args.binaries.append(arch_value(text))
        except argparse.ArgumentTypeError as error:
            parser.error(f"unrecognized argument '{text}' ({error})")
    args.build_dirs = dict(args.build_dir)
    generate(args) if args.command == "generate" else check(args)


if __name__ == "__main__":
    main()
