// "What would make it fit" in the window: the core searches and ranks the changes
// (memplan/suggest.h); this file words each one as a translated button label.
#pragma once

#include "memplan/suggest.h"

#include <QString>

namespace memplan::gui {

using memplan::Suggestion;
using memplan::SuggestionKind;

// "Micro-batch 2 × 4 accumulation steps (same global batch)", "Tensor parallel 2 over 2 GPUs".
QString suggestionText(const Suggestion& s);

} // namespace memplan::gui
