# Cross toolchain for the static aarch64 release binary (scripts/build-static.sh aarch64).
# Compiler, C library and libstdc++: Debian's g++-aarch64-linux-gnu (/usr/aarch64-linux-gnu).
# Every other library: Debian's arm64 -dev packages unpacked into a sysroot by
# scripts/lib/arm64-sysroot.sh (default build/static-deps/aarch64-sysroot; override with the
# GOFER_AARCH64_SYSROOT environment variable).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)

if(DEFINED ENV{GOFER_AARCH64_SYSROOT})
  set(gofer_sysroot "$ENV{GOFER_AARCH64_SYSROOT}")
else()
  get_filename_component(gofer_sysroot
    "${CMAKE_CURRENT_LIST_DIR}/../build/static-deps/aarch64-sysroot" ABSOLUTE)
endif()

set(CMAKE_FIND_ROOT_PATH "${gofer_sysroot}" /usr/aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# Multiarch headers (openssl/opensslconf.h, ...) live in usr/include/aarch64-linux-gnu.
foreach(lang C CXX)
  set(CMAKE_${lang}_STANDARD_INCLUDE_DIRECTORIES
    "${gofer_sysroot}/usr/include/aarch64-linux-gnu" "${gofer_sysroot}/usr/include")
endforeach()
# Plain -lfoo names (cares, zstd, re2, ...) resolve in the sysroot.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-L${gofer_sysroot}/usr/lib/aarch64-linux-gnu")
# pkg-config sees only the sysroot's arm64 .pc files, with paths rebased into it.
set(ENV{PKG_CONFIG_LIBDIR}
  "${gofer_sysroot}/usr/lib/aarch64-linux-gnu/pkgconfig:${gofer_sysroot}/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_SYSROOT_DIR} "${gofer_sysroot}")
set(ENV{PKG_CONFIG_PATH} "")
