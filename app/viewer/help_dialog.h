#pragma once
// Help > Keyboard shortcuts (F1): every shortcut of shortcuts.h in a table, and the mouse gestures
// that have no key below it.
class QWidget;
void showShortcutsDialog(QWidget* parent);
