// The `memplan` program: command line, display check, screenshot and benchmark modes, and
// the window. main.cpp only calls runMemplan().
#pragma once

namespace memplan::gui {

// Exit status: 0 success, 1 no display, 2 bad input or usage.
int runMemplan(int argc, char** argv);

} // namespace memplan::gui
