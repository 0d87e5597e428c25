#include "viewer_options.h"

#include <QCommandLineParser>

ViewerOptions parseViewerOptions(const QStringList& arguments) {
  QCommandLineParser parser;
  parser.setApplicationDescription("ScanShare viewer: look through a CD, folder or zip of DICOM images");
  parser.addHelpOption();
  parser.addPositionalArgument("path", "folder, CD, DICOMDIR, zip or file to open");
  const QCommandLineOption screenshot("screenshot", "open PATH, render, save a PNG of the window to FILE and exit", "FILE");
  const QCommandLineOption slice("slice", "show slice K (1-based) instead of the middle one", "K");
  const QCommandLineOption window("window", "window CENTER,WIDTH", "C,W");
  const QCommandLineOption benchmark("benchmark", "print first-image time and redraw rates, then exit");
  const QCommandLineOption series("series", "show series N (1-based, in browser order) first", "N");
  const QCommandLineOption tags("tags", "show the attribute browser");
  parser.addOptions({screenshot, slice, window, benchmark, series, tags});

  ViewerOptions options;
  if (!parser.parse(arguments)) {
    options.error = parser.errorText();
    return options;
  }
  if (parser.isSet("help")) parser.showHelp(0);
  if (!parser.positionalArguments().isEmpty()) options.open_path = parser.positionalArguments().front();
  options.screenshot_path = parser.value(screenshot);
  options.benchmark = parser.isSet(benchmark);
  if (parser.isSet(slice)) {
    bool ok = false;
    const int k = parser.value(slice).toInt(&ok);
    if (!ok || k < 1) options.error = "--slice expects a number from 1";
    else options.slice = k;
  }
  options.show_tags = parser.isSet(tags);
  if (parser.isSet(series)) {
    bool ok = false;
    const int n = parser.value(series).toInt(&ok);
    if (!ok || n < 1) options.error = "--series expects a number from 1";
    else options.series = n;
  }
  if (parser.isSet(window)) {
    const QStringList parts = parser.value(window).split(',');
    bool ok_c = false, ok_w = false;
    const double c = parts.size() == 2 ? parts[0].toDouble(&ok_c) : 0.0;
    const double w = parts.size() == 2 ? parts[1].toDouble(&ok_w) : 0.0;
    if (!ok_c || !ok_w || w < 1) options.error = "--window expects CENTER,WIDTH with WIDTH >= 1";
    else options.window = imaging::Window{c, w};
  }
  if ((!options.screenshot_path.isEmpty() || options.benchmark) && options.open_path.isEmpty())
    options.error = "--screenshot and --benchmark need a path to open";
  return options;
}
