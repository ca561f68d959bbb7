// memplan-cli's link to the Hub (built only with MEMPLAN_BUILD_HUB): installs the import
// that `import-hf ORG/NAME[@REVISION]` runs.
#pragma once

namespace memplan::cli {

void installHubImport();

} // namespace memplan::cli
