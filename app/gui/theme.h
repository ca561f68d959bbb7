// View > Theme: the window's palette (follow the desktop, light or dark). The charts follow
// through their one chart style (charts/chartstyle.h), which reads the palette.
#pragma once

#include <QPalette>
#include <QString>

namespace memplan::gui {

enum class Theme { System, Light, Dark };

// "system", "light", "dark" (the settings' spelling); an unknown key reads as System.
QString themeKey(Theme theme);
Theme themeFromKey(const QString& key);

QPalette lightPalette();
// A dark palette like the desktop's dark themes.
QPalette darkPalette();

// Sets the application's palette. System puts back the palette the application had before
// the first theme was applied (and changes nothing when none was).
void applyTheme(Theme theme);

} // namespace memplan::gui
