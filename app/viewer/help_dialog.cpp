#include "help_dialog.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QTableWidget>
#include <QVBoxLayout>

#include "shortcuts.h"

void showShortcutsDialog(QWidget* parent) {
  auto* dialog = new QDialog(parent);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setWindowTitle(QObject::tr("Keyboard shortcuts"));
  const auto& list = viewerShortcuts();
  auto* table = new QTableWidget(static_cast<int>(list.size()), 2, dialog);
  table->setHorizontalHeaderLabels({QObject::tr("Keys"), QObject::tr("Action")});
  table->verticalHeader()->hide();
  table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  for (int i = 0; i < static_cast<int>(list.size()); ++i) {
    table->setItem(i, 0, new QTableWidgetItem(list[static_cast<std::size_t>(i)].keys));
    table->setItem(i, 1, new QTableWidgetItem(list[static_cast<std::size_t>(i)].action));
  }
  table->resizeColumnsToContents();
  table->horizontalHeader()->setStretchLastSection(true);
  // The gestures without a key, under the keys.
  const QStringList gestures = mouseGestureLines();
  auto* mouse = new QTableWidget(static_cast<int>(gestures.size()), 2, dialog);
  mouse->setHorizontalHeaderLabels({QObject::tr("Mouse"), QObject::tr("Action")});
  mouse->verticalHeader()->hide();
  mouse->setEditTriggers(QAbstractItemView::NoEditTriggers);
  for (int i = 0; i < static_cast<int>(gestures.size()); ++i) {
    mouse->setItem(i, 0, new QTableWidgetItem(gestures[i].section('\t', 0, 0)));
    mouse->setItem(i, 1, new QTableWidgetItem(gestures[i].section('\t', 1)));
  }
  mouse->resizeColumnsToContents();
  mouse->horizontalHeader()->setStretchLastSection(true);
  mouse->setMaximumHeight(mouse->horizontalHeader()->height() + 4 + mouse->rowHeight(0) * static_cast<int>(gestures.size()));
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
  QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
  auto* layout = new QVBoxLayout(dialog);
  layout->addWidget(table);
  layout->addWidget(mouse);
  layout->addWidget(buttons);
  dialog->resize(620, 760);
  dialog->show();
}
