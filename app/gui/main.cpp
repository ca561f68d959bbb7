// memplan: the planner window. Everything lives in the memplan_gui library.
#include "application.h"

int main(int argc, char** argv) {
    return memplan::gui::runMemplan(argc, argv);
}
