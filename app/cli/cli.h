// memplan-cli's commands (shared/plan-format.md "Commands"), callable in-process for tests.
#pragma once

#include "memplan/model_files.h"

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace memplan::cli {

// Exit statuses of the contract.
enum ExitCode { Success = 0, DoesNotFit = 1, BadInput = 2 };

// Fetches a Hugging Face Hub model ("ORG/NAME" or "ORG/NAME@REVISION"), writing progress and
// notes to `err`. main() installs one when memplan-cli is built with app/hub (Qt Network);
// without it, import-hf ORG/NAME says that this build cannot reach the Hub.
using HubImport = std::function<ImportedModel(const std::string& repoId, std::ostream& err)>;
void setHubImport(HubImport import);

// "ORG/NAME" or "ORG/NAME@REVISION" with the Hub's name characters (letters, digits, '-',
// '_', '.'), not a path that exists locally.
bool looksLikeRepoId(const std::string& text);

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

} // namespace memplan::cli
