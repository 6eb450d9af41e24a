#include "gofer/error.hpp"

#include <cerrno>

#include <gtest/gtest.h>

#include "matchers.hpp"

namespace gofer {
namespace {

using testing::ErrorIs;
using testing::IsOk;

Result<int> parse_digit(char c) {
  if (c < '0' || c > '9') return fail(ErrorCategory::kInvalidData, "not a digit");
  return c - '0';
}

Result<int> add_digits(char a, char b) {
  GOFER_TRY_ASSIGN(int first, parse_digit(a));
  GOFER_TRY_ASSIGN(int second, with_context(parse_digit(b), "second digit"));
  return first + second;
}

Status check_digit(char c) {
  GOFER_TRY(parse_digit(c));
  return {};
}

TEST(ErrorTest, TryAssignPassesValuesThrough) {
  auto sum = add_digits('3', '4');
  ASSERT_THAT(sum, IsOk());
  EXPECT_EQ(*sum, 7);
}

TEST(ErrorTest, TryAssignReturnsTheFirstErrorWithContext) {
  auto sum = add_digits('3', 'x');
  EXPECT_THAT(sum, ErrorIs(ErrorCategory::kInvalidData));
  EXPECT_EQ(sum.error().message(), "second digit: not a digit");
}

TEST(ErrorTest, TryOnStatus) {
  EXPECT_THAT(check_digit('1'), IsOk());
  EXPECT_THAT(check_digit('a'), ErrorIs(ErrorCategory::kInvalidData));
}

TEST(ErrorTest, RendersSubjectThenOutermostContextFirst) {
  Error error = Error::from_errno(ENOENT)
                    .with_context("cannot open")
                    .with_context("cannot load map")
                    .with_subject("names.csv");
  EXPECT_EQ(error.message(), "names.csv: cannot load map: cannot open: No such file or directory");
  EXPECT_EQ(fmt::format("{}", error), error.message());
  EXPECT_EQ(error.context_chain(), (std::vector<std::string>{"cannot load map", "cannot open"}));
}

TEST(ErrorTest, KeepsErrnoForCallersToInspect) {
  Error error = Error::from_errno(EACCES);
  EXPECT_TRUE(error.is_errno(EACCES));
  EXPECT_FALSE(error.is_errno(ENOENT));
  EXPECT_EQ(error.code(), std::error_code(EACCES, std::generic_category()));
}

TEST(ErrorTest, MapsErrnoToCategories) {
  EXPECT_EQ(category_from_errno(ENOENT), ErrorCategory::kNotFound);
  EXPECT_EQ(category_from_errno(EEXIST), ErrorCategory::kAlreadyExists);
  EXPECT_EQ(category_from_errno(EACCES), ErrorCategory::kPermissionDenied);
  EXPECT_EQ(category_from_errno(EPERM), ErrorCategory::kPermissionDenied);
  EXPECT_EQ(category_from_errno(EROFS), ErrorCategory::kPermissionDenied);
  EXPECT_EQ(category_from_errno(EWOULDBLOCK), ErrorCategory::kBusy);
  EXPECT_EQ(category_from_errno(EXDEV), ErrorCategory::kUnsupported);
  EXPECT_EQ(category_from_errno(ETIMEDOUT), ErrorCategory::kTimeout);
  EXPECT_EQ(category_from_errno(ECONNREFUSED), ErrorCategory::kNetwork);
  EXPECT_EQ(category_from_errno(EIO), ErrorCategory::kIo);
}

TEST(ErrorTest, FailErrnoCapturesErrnoAndSubject) {
  errno = ENOTDIR;
  auto failed = Status(fail_errno("a/b"));
  EXPECT_THAT(failed, ErrorIs(ErrorCategory::kNotFound));
  EXPECT_EQ(failed.error().subject(), "a/b");
  EXPECT_TRUE(failed.error().is_errno(ENOTDIR));
}

TEST(ErrorTest, FromErrorCodeOfForeignCategoryKeepsMessage) {
  Error error = Error::from_error_code(std::make_error_code(std::io_errc::stream));
  EXPECT_EQ(error.category(), ErrorCategory::kIo);
  EXPECT_FALSE(error.cause().empty());
}

TEST(ErrorTest, EveryCategoryHasAName) {
  for (int i = 0; i <= static_cast<int>(ErrorCategory::kInternal); ++i) {
    EXPECT_NE(to_string(static_cast<ErrorCategory>(i)), "unknown");
  }
}

}  // namespace
}  // namespace gofer
