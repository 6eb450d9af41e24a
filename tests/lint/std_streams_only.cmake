# Fails when code under src/ writes to stdout or stderr around core's std_streams
# (print_out/print_err/write_stdout/write_stderr): fmt::print throws on a full disk, which
# aborted runs whose stderr went to a full log, and a bypassed stdout write is never checked.
file(GLOB_RECURSE sources "${SOURCE_DIR}/src/*.cpp" "${SOURCE_DIR}/src/*.hpp")
set(offenders "")
foreach(source IN LISTS sources)
  if(source MATCHES "/src/core/std_streams\\.cpp$")
    continue()
  endif()
  file(STRINGS "${source}" lines REGEX "fmt::print\\(|std::cout|std::cerr|std::puts|(^|[^sn])printf\\(|, stdout\\)|, stderr\\)")
  foreach(line IN LISTS lines)
    string(APPEND offenders "\n  ${source}: ${line}")
  endforeach()
endforeach()
if(offenders)
  message(FATAL_ERROR "write to stdout/stderr through gofer/std_streams.hpp instead:${offenders}")
endif()
