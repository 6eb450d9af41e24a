# Compiler warnings and sanitizers applied to every gofer target through gofer_build_flags.
add_library(gofer_build_flags INTERFACE)
target_compile_options(gofer_build_flags INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Wnull-dereference
  # Designated initializers that leave members at their defaults are intended.
  -Wno-missing-field-initializers

  $<$<BOOL:${GOFER_WERROR}>:-Werror>)
# Reproducible builds: no absolute source paths in the binary (__FILE__, debug info).
target_compile_options(gofer_build_flags INTERFACE
  -ffile-prefix-map=${CMAKE_SOURCE_DIR}=.)
if(GOFER_SANITIZE)
  # Without vptr: its check probes each vtable with a write() to a private pipe on every miss
  # of a type cache that all threads share, so the number of write calls a thread makes
  # changed from run to run (67-69 for one `csv normalize -j 2`), and the strace fault tests,
  # which aim at the Nth write of a thread, hit the sanitizer's probe instead of gofer's.
  target_compile_options(gofer_build_flags INTERFACE
    -fsanitize=address,undefined -fno-sanitize=vptr -fno-omit-frame-pointer
    -fno-sanitize-recover=all)
  target_link_options(gofer_build_flags INTERFACE -fsanitize=address,undefined)
endif()
if(GOFER_FUZZ)
  # Coverage for libFuzzer in every library; only the fuzz targets link its main().
  target_compile_options(gofer_build_flags INTERFACE
    -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
    -fno-sanitize-recover=all)
  target_link_options(gofer_build_flags INTERFACE -fsanitize=address,undefined)
  # clang 16 reports __cpp_concepts 201907L, so GCC 12's <expected> hides std::expected
  # from it; clang does implement what that header needs (checked with a std::expected
  # program under -fsanitize=fuzzer,address,undefined).
  if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    target_compile_options(gofer_build_flags INTERFACE
      -U__cpp_concepts -D__cpp_concepts=202002L -Wno-builtin-macro-redefined)
  endif()
endif()
if(GOFER_STATIC)
  # Lets the linker's --gc-sections drop unused code of the static archives (size budget).
  target_compile_options(gofer_build_flags INTERFACE -ffunction-sections -fdata-sections)
endif()
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  # GCC 12 false positives on std::string internals at -O2/-O3 (GCC bugs 105329, 105651).
  target_compile_options(gofer_build_flags INTERFACE -Wno-restrict)
endif()
