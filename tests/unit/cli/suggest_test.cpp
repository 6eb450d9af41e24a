#include "suggest.hpp"

#include <gtest/gtest.h>

namespace gofer::cli {
namespace {

std::unique_ptr<Command> no_command() { return nullptr; }

const CommandEntry kTable[] = {{"rename", "", "", &no_command},
                               {"fetch", "", "", &no_command},
                               {"csv", "", "", &no_command}};

TEST(SuggestTest, EditDistance) {
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("renme", "rename"), 1u);
  EXPECT_EQ(edit_distance("fetch", "fetch"), 0u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

TEST(SuggestTest, KnownCommandHasNoMessage) {
  EXPECT_FALSE(unknown_command_message("fetch", kTable).has_value());
}

TEST(SuggestTest, TypoGetsSuggestion) {
  EXPECT_EQ(unknown_command_message("renme", kTable),
            "unknown command 'renme'; did you mean 'rename'?");
  EXPECT_EQ(unknown_command_message("fet", kTable),
            "unknown command 'fet'; did you mean 'fetch'?");
}

TEST(SuggestTest, FarOffWordGetsNoSuggestion) {
  EXPECT_EQ(unknown_command_message("deploy", kTable), "unknown command 'deploy'");
}

}  // namespace
}  // namespace gofer::cli
