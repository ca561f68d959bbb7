// The floor of memplan-bench's start-up figure (`memplan --bench-minimal-chart`): a bare
// window holding one Qt Charts chart and nothing else.
#pragma once

class QWidget;

namespace memplan::gui {

// A window with one Qt Charts chart (a bar series of six values) and nothing else.
QWidget* createMinimalChartWindow();

} // namespace memplan::gui
