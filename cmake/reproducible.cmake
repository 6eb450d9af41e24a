# Reproducible builds: the same sources and SOURCE_DATE_EPOCH give the same bytes
# (scripts/check-reproducible.sh checks this in CI).
# - No absolute source paths in any binary: -ffile-prefix-map in cmake/warnings.cmake. Release
#   builds also map the build directory (generated headers), so two build directories give the
#   same bytes.
if(GOFER_STATIC)
  target_compile_options(gofer_build_flags INTERFACE -ffile-prefix-map=${CMAKE_BINARY_DIR}=build)
endif()
# - Deterministic static archives (zero timestamps/uids; Debian's binutils default, made explicit
#   so other toolchains behave the same). Members keep CMake's source order.
foreach(lang C CXX)
  set(CMAKE_${lang}_ARCHIVE_CREATE "<CMAKE_AR> qcD <TARGET> <LINK_FLAGS> <OBJECTS>")
  set(CMAKE_${lang}_ARCHIVE_APPEND "<CMAKE_AR> qD <TARGET> <LINK_FLAGS> <OBJECTS>")
  set(CMAKE_${lang}_ARCHIVE_FINISH "<CMAKE_RANLIB> -D <TARGET>")
endforeach()
# - The build date comes from SOURCE_DATE_EPOCH (cmake/version.cmake); the build ID note is a
#   hash of the contents, so it is reproducible too.
