// GoogleTest matchers for Result/Status: EXPECT_THAT(r, IsOk()), ErrorIs(category).
#pragma once

#include <gmock/gmock.h>

#include "gofer/error.hpp"

namespace gofer::testing {

MATCHER(IsOk, "is a successful result") {
  if (arg.has_value()) return true;
  *result_listener << "which failed: " << arg.error().message();
  return false;
}

MATCHER_P(ErrorIs, category, "fails with category " + std::string(to_string(category))) {
  if (arg.has_value()) {
    *result_listener << "which succeeded";
    return false;
  }
  *result_listener << "which failed with " << to_string(arg.error().category()) << ": "
                   << arg.error().message();
  return arg.error().category() == category;
}

}  // namespace gofer::testing
