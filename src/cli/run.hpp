// Parses the command line, runs one command and returns the process exit code.
#pragma once

namespace gofer::cli {

[[nodiscard]] int run(int argc, char** argv);

}  // namespace gofer::cli
