# Version string from `git describe` at configure time, falling back to the project version
# (a source tarball has no .git).
find_package(Git QUIET)
set(GOFER_VERSION "${PROJECT_VERSION}")
set(GOFER_COMMIT "unknown")
if(GIT_FOUND AND EXISTS "${CMAKE_SOURCE_DIR}/.git")
  execute_process(COMMAND ${GIT_EXECUTABLE} describe --tags --always --dirty
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} OUTPUT_VARIABLE git_describe
    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE git_rc)
  if(git_rc EQUAL 0 AND git_describe MATCHES "^v?[0-9]+\\.[0-9]+")
    string(REGEX REPLACE "^v" "" GOFER_VERSION "${git_describe}")
  endif()
  execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --short=12 HEAD
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} OUTPUT_VARIABLE git_commit
    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE git_rc)
  if(git_rc EQUAL 0)
    set(GOFER_COMMIT "${git_commit}")
  endif()
endif()
# SOURCE_DATE_EPOCH keeps release builds reproducible; otherwise the commit date is used.
if(DEFINED ENV{SOURCE_DATE_EPOCH})
  set(build_epoch "$ENV{SOURCE_DATE_EPOCH}")
elseif(GIT_FOUND AND EXISTS "${CMAKE_SOURCE_DIR}/.git")
  execute_process(COMMAND ${GIT_EXECUTABLE} log -1 --format=%ct
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} OUTPUT_VARIABLE build_epoch
    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
endif()
if(build_epoch)
  set(ENV{SOURCE_DATE_EPOCH} "${build_epoch}")
endif()
string(TIMESTAMP GOFER_BUILD_DATE "%Y-%m-%d" UTC)
set(GOFER_TARGET_TRIPLE "${CMAKE_SYSTEM_PROCESSOR}-linux-gnu")
set(GOFER_COMPILER "${CMAKE_CXX_COMPILER_ID} ${CMAKE_CXX_COMPILER_VERSION}")
if(GOFER_STATIC)
  set(GOFER_STATIC_BOOL true)
else()
  set(GOFER_STATIC_BOOL false)
endif()
configure_file(${CMAKE_SOURCE_DIR}/src/cli/build_info.hpp.in
  ${CMAKE_BINARY_DIR}/generated/gofer/build_info.hpp @ONLY)
