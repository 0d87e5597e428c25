#include "image_actions.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QMenu>
#include <QMessageBox>
#include <QToolBar>

#include "help_dialog.h"
#include "key_page.h"
#include "shortcuts.h"
#include "slice_view.h"

namespace {

QAction* makeAction(QObject* parent, const QString& action_name, const QString& text) {
  auto* action = new QAction(text, parent);
  action->setShortcut(QKeySequence(shortcutFor(action_name), QKeySequence::PortableText));
  return action;
}

QAction* addAction(QMenu* menu, const QString& action_name, const QString& text) {
  QAction* action = makeAction(menu, action_name, text);
  menu->addAction(action);
  return action;
}

void saveImage(QWidget* window, SliceView* view, bool with_annotations) {
  if (!view->hasVolume()) return;
  const QString path = QFileDialog::getSaveFileName(window, with_annotations ? QObject::tr("Save image") : QObject::tr("Save image without annotations"),
                                                    QString(), QObject::tr("PNG image (*.png)"));
  if (path.isEmpty()) return;
  const QString png = path.endsWith(".png", Qt::CaseInsensitive) ? path : path + ".png";
  if (!view->picture(with_annotations).save(png, "PNG"))
    QMessageBox::warning(window, QObject::tr("Save image"), QObject::tr("Could not write %1.").arg(png));
}

}  // namespace

std::vector<QAction*> addImageActions(const ImageActionMenus& menus, const std::function<SliceView*()>& active,
                                      const std::function<std::vector<SliceView*>()>& viewports) {
  // File: the displayed picture, as a PNG or on the clipboard.
  QObject* context = menus.window;
  QAction* first_file = menus.file->actions().value(2);  // after the two Open entries
  QAction* save = makeAction(menus.file, "Save image", QObject::tr("Save &image..."));
  QAction* save_clean = makeAction(menus.file, "Save image without annotations", QObject::tr("Save image &without annotations..."));
  QAction* copy = makeAction(menus.file, "Copy image", QObject::tr("&Copy image"));
  auto* key_page = new QAction(QObject::tr("Export &key image page (PDF)..."), menus.file);
  for (QAction* a : {save, save_clean, copy, key_page}) menus.file->insertAction(first_file, a);
  QObject::connect(key_page, &QAction::triggered, context, [w = menus.window, active] {
    SliceView* view = active();
    if (!view->hasVolume()) return;
    const QString path = QFileDialog::getSaveFileName(w, QObject::tr("Export key image page"), QString(), QObject::tr("PDF (*.pdf);;PNG image (*.png)"));
    if (path.isEmpty()) return;
    const QString file = path.endsWith(".pdf", Qt::CaseInsensitive) || path.endsWith(".png", Qt::CaseInsensitive) ? path : path + ".pdf";
    if (!writeKeyPage(*view, file)) QMessageBox::warning(w, QObject::tr("Export key image page"), QObject::tr("Could not write %1.").arg(file));
  });
  menus.file->insertSeparator(save);  // Open ... | Save/Copy image | Share ...
  QObject::connect(save, &QAction::triggered, context, [w = menus.window, active] { saveImage(w, active(), true); });
  QObject::connect(save_clean, &QAction::triggered, context, [w = menus.window, active] { saveImage(w, active(), false); });
  QObject::connect(copy, &QAction::triggered, context, [active] {
    if (active()->hasVolume()) QApplication::clipboard()->setImage(active()->picture(true));
  });

  // View: rotate and flip, of the active viewport.
  menus.view->addSeparator();
  QObject::connect(addAction(menus.view, "Rotate right (90 degrees clockwise)", QObject::tr("Rotate right")), &QAction::triggered, context,
                   [active] { active()->rotate(90); });
  QObject::connect(addAction(menus.view, "Rotate left (90 degrees anticlockwise)", QObject::tr("Rotate left")), &QAction::triggered, context,
                   [active] { active()->rotate(270); });
  QObject::connect(addAction(menus.view, "Flip horizontally", QObject::tr("Flip horizontally")), &QAction::triggered, context,
                   [active] { active()->flipHorizontally(); });
  QObject::connect(addAction(menus.view, "Flip vertically", QObject::tr("Flip vertically")), &QAction::triggered, context,
                   [active] { active()->flipVertically(); });

  // The drawing tools: one left-button tool at a time, with Length and Angle.
  const std::pair<const char*, SliceView::Tool> tools[] = {{"Ellipse region (drag)", SliceView::Tool::Ellipse},
                                                           {"Rectangle region (drag)", SliceView::Tool::Rectangle},
                                                           {"Arrow (drag towards the head)", SliceView::Tool::Arrow},
                                                           {"Text note (click)", SliceView::Tool::Note}};
  const QString labels[] = {QObject::tr("Ellipse"), QObject::tr("Rectangle"), QObject::tr("Arrow"), QObject::tr("Note")};
  std::vector<QAction*> drawing;
  menus.view->addSeparator();
  for (std::size_t i = 0; i < std::size(tools); ++i) {
    QAction* action = addAction(menus.view, tools[i].first, labels[i]);
    action->setCheckable(true);
    action->setToolTip(QObject::tr("%1 (%2)").arg(QObject::tr(tools[i].first), action->shortcut().toString(QKeySequence::NativeText)));
    menus.toolbar->addAction(action);
    drawing.push_back(action);
  }
  for (std::size_t i = 0; i < drawing.size(); ++i) {
    const SliceView::Tool tool = tools[i].second;
    QObject::connect(drawing[i], &QAction::triggered, context, [viewports, tool, drawing, others = menus.other_tools, me = drawing[i]](bool on) {
      if (on) {
        for (QAction* a : drawing) if (a != me) a->setChecked(false);
        for (QAction* a : others) a->setChecked(false);
      }
      for (SliceView* view : viewports()) view->setTool(on ? tool : SliceView::Tool::None);
    });
  }
  for (QAction* other : menus.other_tools)
    QObject::connect(other, &QAction::triggered, context, [drawing](bool on) {
      if (on) for (QAction* a : drawing) a->setChecked(false);
    });

  // Help: the keyboard shortcuts, before About.
  QAction* keys = new QAction(QObject::tr("&Keyboard shortcuts"), menus.window);
  keys->setShortcut(QKeySequence(shortcutFor("Keyboard shortcuts"), QKeySequence::PortableText));
  menus.help->insertAction(menus.help->actions().value(0), keys);
  QObject::connect(keys, &QAction::triggered, menus.window, [w = menus.window] { showShortcutsDialog(w); });
  return drawing;
}
