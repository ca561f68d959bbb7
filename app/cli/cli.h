// memplan-cli's commands (shared/plan-format.md "Commands"), callable in-process for tests.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace memplan::cli {

// Exit statuses of the contract.
enum ExitCode { Success = 0, DoesNotFit = 1, BadInput = 2 };

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

} // namespace memplan::cli
