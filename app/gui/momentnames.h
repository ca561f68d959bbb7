// The window's words for the moments of a step or of serving, the core's English labels
// (model.cpp, serving.cpp, post_training.cpp, textbook.cpp) translated; a label the table
// does not know is shown as the core wrote it.
#pragma once

#include <QString>

#include <string_view>

namespace memplan::gui {

QString momentName(std::string_view label);

// Every label the table translates, in the core's English (for tests).
QStringList knownMomentLabels();

} // namespace memplan::gui
