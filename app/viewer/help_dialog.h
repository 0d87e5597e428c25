#pragma once
// Help > Keyboard shortcuts (F1): every shortcut of shortcuts.h in a table.
class QWidget;
void showShortcutsDialog(QWidget* parent);
