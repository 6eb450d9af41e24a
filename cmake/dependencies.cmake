# Third-party libraries, all from Debian 12 packages (scripts/setup.sh installs them).
if(GOFER_STATIC)
  # Must precede find_package(OpenSSL); `-static` at link time makes every -lfoo pick foo.a.
  set(OPENSSL_USE_STATIC_LIBS TRUE)
endif()
find_package(PkgConfig REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(CLI11 REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(OpenSSL REQUIRED)
pkg_check_modules(RE2 REQUIRED re2)
pkg_check_modules(UTF8PROC REQUIRED libutf8proc)
pkg_check_modules(UCHARDET REQUIRED uchardet)
pkg_check_modules(LIBEXIF REQUIRED libexif)  # {exif.*} in rename templates (libexif.a: static)
# Plain -l names (not pkg-config's absolute .so paths), so `-static` picks the .a archives.
foreach(lib RE2 UTF8PROC UCHARDET LIBEXIF)
  string(TOLOWER ${lib} lower)
  add_library(gofer_${lower} INTERFACE)
  target_include_directories(gofer_${lower} SYSTEM INTERFACE ${${lib}_INCLUDE_DIRS})
  target_link_libraries(gofer_${lower} INTERFACE ${${lib}_LIBRARIES})
  # Empty for Debian's system paths; needed where the libraries live elsewhere (Homebrew).
  target_link_directories(gofer_${lower} INTERFACE ${${lib}_LIBRARY_DIRS})
endforeach()
# utf8proc.h marks its API dllimport unless told the library is static.
if(GOFER_STATIC)
  target_compile_definitions(gofer_utf8proc INTERFACE UTF8PROC_STATIC)
endif()

# fmt and spdlog: Debian ships no static archives, so both are used header-only everywhere
# (one configuration for dev and static builds; startup cost is unaffected).
add_library(gofer_fmt INTERFACE)
target_link_libraries(gofer_fmt INTERFACE fmt::fmt-header-only)
# Debian's spdlog::spdlog_header_only target links the shared fmt, so build our own
# header-only target from its include path instead.
find_package(Threads REQUIRED)
add_library(gofer_spdlog INTERFACE)
get_target_property(spdlog_include_dirs spdlog::spdlog_header_only INTERFACE_INCLUDE_DIRECTORIES)
target_include_directories(gofer_spdlog SYSTEM INTERFACE ${spdlog_include_dirs})
target_compile_definitions(gofer_spdlog INTERFACE SPDLOG_FMT_EXTERNAL)
target_link_libraries(gofer_spdlog INTERFACE fmt::fmt-header-only Threads::Threads)

add_library(gofer_curl INTERFACE)
if(GOFER_STATIC)
  if(NOT GOFER_CURL_PREFIX)
    message(FATAL_ERROR "GOFER_STATIC needs GOFER_CURL_PREFIX (run scripts/build-static.sh)")
  endif()
  target_include_directories(gofer_curl SYSTEM INTERFACE ${GOFER_CURL_PREFIX}/include)
  target_compile_definitions(gofer_curl INTERFACE CURL_STATICLIB)
  # Order matters for static archives: each library before the ones it needs.
  target_link_libraries(gofer_curl INTERFACE ${GOFER_CURL_PREFIX}/lib/libcurl.a
    cares nghttp2 OpenSSL::SSL OpenSSL::Crypto zstd brotlidec brotlicommon z pthread)
else()
  pkg_check_modules(CURL REQUIRED IMPORTED_TARGET libcurl)
  target_link_libraries(gofer_curl INTERFACE PkgConfig::CURL)
endif()

# libxml2 (HTML parser + XPath for scrape). Static builds use the one scripts/lib/static-libxml2.sh
# builds from Debian's source (no ICU, no iconv) into the same prefix as libcurl; dev builds use
# Debian's libxml2-dev.
add_library(gofer_libxml2 INTERFACE)
if(GOFER_STATIC)
  target_include_directories(gofer_libxml2 SYSTEM INTERFACE ${GOFER_CURL_PREFIX}/include/libxml2)
  target_link_libraries(gofer_libxml2 INTERFACE ${GOFER_CURL_PREFIX}/lib/libxml2.a m pthread)
else()
  pkg_check_modules(LIBXML2 REQUIRED IMPORTED_TARGET libxml-2.0)
  target_link_libraries(gofer_libxml2 INTERFACE PkgConfig::LIBXML2)
endif()

# TagLib (audio tags for rename's {tag.*} placeholders). Debian 12's libtag1-dev ships only the
# shared library: dev builds link it; static builds use the libtag.a scripts/lib/static-taglib.sh
# compiles from Debian's taglib source into the same prefix as libcurl. Sources include
# <taglib/NAME.h>, so the include directory is the one above TagLib's own.
add_library(gofer_taglib INTERFACE)
set(GOFER_TAGLIB_PREFIX "" CACHE PATH
  "Fuzz builds: prefix of the instrumented TagLib (GOFER_TAGLIB_FUZZ=1 scripts/lib/static-taglib.sh)")
if(GOFER_FUZZ AND GOFER_TAGLIB_PREFIX)
  target_include_directories(gofer_taglib SYSTEM INTERFACE ${GOFER_TAGLIB_PREFIX}/include)
  target_compile_definitions(gofer_taglib INTERFACE TAGLIB_STATIC)
  target_link_libraries(gofer_taglib INTERFACE ${GOFER_TAGLIB_PREFIX}/lib/libtag.a z)
elseif(GOFER_STATIC)
  target_include_directories(gofer_taglib SYSTEM INTERFACE ${GOFER_CURL_PREFIX}/include)
  target_compile_definitions(gofer_taglib INTERFACE TAGLIB_STATIC)
  target_link_libraries(gofer_taglib INTERFACE ${GOFER_CURL_PREFIX}/lib/libtag.a z)
else()
  pkg_check_modules(TAGLIB REQUIRED IMPORTED_TARGET taglib)
  foreach(dir ${TAGLIB_INCLUDE_DIRS})
    get_filename_component(parent ${dir} DIRECTORY)
    target_include_directories(gofer_taglib SYSTEM INTERFACE ${parent})
  endforeach()
  target_link_libraries(gofer_taglib INTERFACE PkgConfig::TAGLIB)
endif()

# Debian's re2.pc says "0.0.0"; the package version is the real release date tag.
if(RE2_VERSION STREQUAL "0.0.0")
  execute_process(COMMAND dpkg-query -W -f=\${Version} libre2-dev
    OUTPUT_VARIABLE re2_package_version ERROR_QUIET RESULT_VARIABLE re2_rc)
  if(re2_rc EQUAL 0 AND re2_package_version MATCHES "^([0-9]+)")
    set(RE2_VERSION "${CMAKE_MATCH_1}")
  endif()
endif()

# toml++ (job files): used header-only (TOML_HEADER_ONLY in src/job/job_file.cpp), so neither
# build links Debian's shared libtomlplusplus. Only the header is needed, also when cross
# compiling: it is architecture independent, so the host's copy serves every target.
find_path(TOMLPLUSPLUS_INCLUDE_DIR toml++/toml.h NO_CMAKE_FIND_ROOT_PATH
  PATHS /usr/include /usr/local/include /opt/homebrew/include)
if(NOT TOMLPLUSPLUS_INCLUDE_DIR)
  message(FATAL_ERROR "toml++ not found: install libtomlplusplus-dev (scripts/setup.sh)")
endif()
# A directory holding only toml++/, so adding it never puts the host's other headers (glibc's,
# under /usr/include) on a cross build's include path.
set(gofer_toml_dir ${CMAKE_BINARY_DIR}/tomlplusplus)
file(MAKE_DIRECTORY ${gofer_toml_dir})
file(CREATE_LINK ${TOMLPLUSPLUS_INCLUDE_DIR}/toml++ ${gofer_toml_dir}/toml++ SYMBOLIC)
add_library(gofer_tomlplusplus INTERFACE)
target_include_directories(gofer_tomlplusplus SYSTEM INTERFACE ${gofer_toml_dir})
