// `gofer --version [--json]`.
#pragma once

namespace gofer::cli {

[[nodiscard]] int print_version(bool json);

}  // namespace gofer::cli
