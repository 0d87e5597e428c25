#include "viewer_steps.h"

#include <QStringList>

namespace {

struct StepSyntax {
  const char* name;
  ViewerStep::Kind kind;
  int values;         // how many comma-separated numbers after '='
  bool whole_from_1;  // a 1-based index
};

const StepSyntax kSteps[] = {
    {"series", ViewerStep::Kind::Series, 1, true}, {"slice", ViewerStep::Kind::Slice, 1, true},
    {"preset", ViewerStep::Kind::Preset, 1, true}, {"mpr", ViewerStep::Kind::Mpr, 0, false},
    {"tags", ViewerStep::Kind::Tags, 0, false},    {"invert", ViewerStep::Kind::Invert, 0, false},
    {"window", ViewerStep::Kind::Window, 2, false}, {"zoom", ViewerStep::Kind::Zoom, 1, false},
    {"pan", ViewerStep::Kind::Pan, 2, false},       {"compare", ViewerStep::Kind::Compare, 1, true},
    {"probe", ViewerStep::Kind::Probe, 2, false},   {"rotate", ViewerStep::Kind::Rotate, 1, false},
    {"flipH", ViewerStep::Kind::FlipH, 0, false},   {"flipV", ViewerStep::Kind::FlipV, 0, false},
    {"arrow", ViewerStep::Kind::Arrow, 4, false},   {"help", ViewerStep::Kind::Help, 0, false},
    {"cell", ViewerStep::Kind::Cell, 2, true},      {"mip", ViewerStep::Kind::Mip, 1, false},
    {"drag", ViewerStep::Kind::Drag, 4, false},     {"mprReset", ViewerStep::Kind::MprReset, 0, false},
    {"active", ViewerStep::Kind::Active, 1, true},
};

// Numbers separated by commas; false when one is not a number.
bool numbers(const QStringList& parts, std::vector<double>& values) {
  for (const QString& part : parts) {
    bool ok = false;
    values.push_back(part.trimmed().toDouble(&ok));
    if (!ok) return false;
  }
  return true;
}

// Steps whose value is not only numbers: roi=SHAPE,X,Y,W,H, note=X,Y,TEXT, save=FILE, saveClean=FILE.
// Returns false when `name` is none of them; sets error when it is one but malformed.
bool parseWordStep(const QString& name, const QString& text, std::vector<ViewerStep>& steps, QString& error) {
  const QString value = text.section('=', 1);
  const bool has_value = text.contains('=');
  if (name == QLatin1String("save") || name == QLatin1String("saveClean") || name == QLatin1String("keyPage")) {
    const ViewerStep::Kind kind = name == QLatin1String("save") ? ViewerStep::Kind::Save
                                  : name == QLatin1String("saveClean") ? ViewerStep::Kind::SaveClean
                                                                       : ViewerStep::Kind::KeyPage;
    if (!has_value || value.trimmed().isEmpty()) error = QString("--steps: \"%1\" expects a file name").arg(text);
    else steps.push_back({kind, {}, value.trimmed(), text});
    return true;
  }
  if (name == QLatin1String("link") || name == QLatin1String("linkWindow")) {
    const QString state = value.trimmed();
    if (state == QLatin1String("on") || state == QLatin1String("off"))
      steps.push_back({name == QLatin1String("link") ? ViewerStep::Kind::Link : ViewerStep::Kind::LinkWindow,
                       {state == QLatin1String("on") ? 1.0 : 0.0}, {}, text});
    else error = QString("--steps: \"%1\" expects on or off").arg(text);
    return true;
  }
  if (name == QLatin1String("mprZoom") || name == QLatin1String("mprPan") || name == QLatin1String("mprRotate")) {
    // mprZoom=PLANE,F, mprPan=PLANE,DX,DY and mprRotate=PLANE,DEGREES: one MPR pane, as Ctrl+wheel,
    // a middle drag or a Shift+left drag over it.
    const bool zoom = name == QLatin1String("mprZoom"), pan = name == QLatin1String("mprPan");
    const QStringList parts = value.split(',');
    ViewerStep step{zoom ? ViewerStep::Kind::MprZoom : pan ? ViewerStep::Kind::MprPan : ViewerStep::Kind::MprRotate, {},
                    parts.value(0).trimmed(), text};
    const bool ok = has_value && QStringList{"axial", "coronal", "sagittal"}.contains(step.argument) && parts.size() == (pan ? 3 : 2) &&
                    numbers(parts.mid(1), step.values) && (!zoom || step.values[0] > 0);
    if (ok) steps.push_back(step);
    else error = QString("--steps: \"%1\" expects axial|coronal|sagittal,%2").arg(text, zoom ? "FACTOR (> 0)" : pan ? "DX,DY" : "DEGREES");
    return true;
  }
  if (name == QLatin1String("tool")) {
    static const QStringList kTools = {"none", "length", "angle", "ellipse", "rect", "arrow"};
    if (has_value && kTools.contains(value.trimmed())) steps.push_back({ViewerStep::Kind::Tool, {}, value.trimmed(), text});
    else error = QString("--steps: \"%1\" expects none, length, angle, ellipse, rect or arrow").arg(text);
    return true;
  }
  if (name == QLatin1String("roi")) {
    const QStringList parts = value.split(',');
    ViewerStep step{ViewerStep::Kind::Roi, {}, parts.value(0).trimmed(), text};
    const bool ok = has_value && parts.size() == 5 && (step.argument == QLatin1String("ellipse") || step.argument == QLatin1String("rect")) &&
                    numbers(parts.mid(1), step.values) && step.values[2] > 0 && step.values[3] > 0;
    if (ok) steps.push_back(step);
    else error = QString("--steps: \"%1\" expects ellipse|rect,X,Y,W,H in image pixels (W, H > 0)").arg(text);
    return true;
  }
  if (name == QLatin1String("note")) {
    // The text is everything after the second comma (it may hold commas itself).
    ViewerStep step{ViewerStep::Kind::Note, {}, value.section(',', 2), text};
    if (has_value && !step.argument.isEmpty() && numbers(value.section(',', 0, 1).split(','), step.values) && step.values.size() == 2)
      steps.push_back(step);
    else error = QString("--steps: \"%1\" expects X,Y,TEXT").arg(text);
    return true;
  }
  return false;
}

}  // namespace

int parseViewerLayout(const QString& text) {
  const QString layout = text.trimmed();
  return layout == QLatin1String("1x1") ? 1 : layout == QLatin1String("1x2") ? 2 : layout == QLatin1String("2x2") ? 4 : 0;
}

std::vector<ViewerStep> parseViewerSteps(const QString& list, QString& error) {
  std::vector<ViewerStep> steps;
  for (const QString& raw : list.split(';', Qt::SkipEmptyParts)) {
    const QString text = raw.trimmed();
    if (text.isEmpty()) continue;
    const QString name = text.section('=', 0, 0).trimmed();
    const bool has_value = text.contains('=');
    const QStringList parts = has_value ? text.section('=', 1).split(',') : QStringList();
    if (name == QLatin1String("layout")) {
      const int viewports = has_value ? parseViewerLayout(text.section('=', 1)) : 0;
      if (viewports == 0) {
        error = QString("--steps: \"%1\" expects 1x1, 1x2 or 2x2").arg(text);
        return {};
      }
      steps.push_back({ViewerStep::Kind::Layout, {static_cast<double>(viewports)}, {}, text});
      continue;
    }
    if (parseWordStep(name, text, steps, error)) {
      if (!error.isEmpty()) return {};
      continue;
    }
    const StepSyntax* syntax = nullptr;
    for (const auto& s : kSteps)
      if (name == QLatin1String(s.name)) syntax = &s;
    if (!syntax) {
      error = QString("--steps: unknown step \"%1\" (series=N, slice=K, mpr, tags, preset=N, window=C,W, zoom=F, pan=DX,DY, invert, layout=1x1|1x2|2x2, compare=N, cell=I,N, link=on|off, linkWindow=on|off, probe=COLUMN,ROW, rotate=90|180|270, flipH, flipV, roi=ellipse|rect,X,Y,W,H, arrow=X1,Y1,X2,Y2, note=X,Y,TEXT, save=FILE, saveClean=FILE, keyPage=FILE.pdf|png, help, mip=MM, tool=NAME, drag=X1,Y1,X2,Y2, mprZoom=PLANE,F, mprPan=PLANE,DX,DY, mprRotate=PLANE,DEGREES, mprReset, active=N)").arg(text);
      return {};
    }
    ViewerStep step{syntax->kind, {}, {}, text};
    bool ok = parts.size() == syntax->values;
    for (const QString& part : parts) {
      bool number = false;
      step.values.push_back(part.trimmed().toDouble(&number));
      ok = ok && number;
    }
    if (ok && syntax->whole_from_1)
      for (double value : step.values) ok = ok && value >= 1 && value == static_cast<int>(value);
    if (ok && (step.kind == ViewerStep::Kind::Cell || step.kind == ViewerStep::Kind::Active)) ok = step.values[0] <= 4;
    if (ok && step.kind == ViewerStep::Kind::Window) ok = step.values[1] >= 1;
    if (ok && step.kind == ViewerStep::Kind::Zoom) ok = step.values[0] > 0;
    if (ok && step.kind == ViewerStep::Kind::Mip) ok = step.values[0] >= 0 && step.values[0] <= 500;
    if (ok && step.kind == ViewerStep::Kind::Rotate) ok = step.values[0] == 90 || step.values[0] == 180 || step.values[0] == 270;
    if (!ok) {
      error = QString("--steps: \"%1\" expects %2").arg(text, syntax->values == 0 ? QString("no value")
                                                         : step.kind == ViewerStep::Kind::Cell ? QString("VIEWPORT,SERIES (viewport 1..4, series from 1)")
                                                         : step.kind == ViewerStep::Kind::Active ? QString("a viewport 1..4")
                                                         : syntax->whole_from_1 ? QString("a number from 1")
                                                         : step.kind == ViewerStep::Kind::Window ? QString("CENTER,WIDTH with WIDTH >= 1")
                                                         : step.kind == ViewerStep::Kind::Zoom ? QString("a factor > 0")
                                                         : step.kind == ViewerStep::Kind::Rotate ? QString("90, 180 or 270 (degrees clockwise)")
                                                         : step.kind == ViewerStep::Kind::Mip ? QString("a slab thickness in mm, 0..500 (0: off)")
                                                         : step.kind == ViewerStep::Kind::Arrow ? QString("X1,Y1,X2,Y2 in image pixels (the head at X2,Y2)")
                                                         : step.kind == ViewerStep::Kind::Drag ? QString("X1,Y1,X2,Y2 in image pixels")
                                                         : step.kind == ViewerStep::Kind::Probe ? QString("COLUMN,ROW in image pixels")
                                                                                                : QString("DX,DY in screen pixels"));
      return {};
    }
    steps.push_back(step);
  }
  return steps;
}
