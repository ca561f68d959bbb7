// Plan fields that behave inside a scrolling panel and under the window's Undo:
// - the mouse wheel changes a spin box, combo box or slider only while it has focus; over an
//   unfocused field the wheel scrolls the panel (issue 13: KV heads went 32 -> 2 while the
//   user scrolled);
// - Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y reach the window's plan-level Undo and Redo while a field
//   has focus. Only a field holding typing not yet committed keeps Ctrl+Z for itself, as any
//   text field does: it takes that typing back, and the next Ctrl+Z undoes the plan.
#pragma once

class QWidget;

namespace memplan::gui {

// Guards every spin box, combo box, slider and line edit under `root` (call once its fields
// exist; fields created later are not guarded).
void guardPlanFields(QWidget* root);

} // namespace memplan::gui
