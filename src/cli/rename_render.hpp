// Human and JSON output of `gofer rename`: preview table, per-entry errors, summaries.
#pragma once

#include <vector>

#include "command.hpp"
#include "gofer/rename/rename.hpp"

namespace gofer::cli {

struct RenameView {
  const Invocation& invocation;
  bool applied = false;
};

void render_plan(const rename::Plan& plan, const RenameView& view);
void render_apply_summary(const rename::Plan& plan, const rename::ApplyReport& report,
                          const RenameView& view);
void render_preview_summary(const rename::Plan& plan, const RenameView& view);
void render_undo(const rename::UndoReport& report, const Invocation& invocation);
void render_history(const std::vector<rename::RunInfo>& runs, const Invocation& invocation);

}  // namespace gofer::cli
