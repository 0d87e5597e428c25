#include "viewer_options.h"

#include <QCommandLineParser>

ViewerOptions parseViewerOptions(const QStringList& arguments) {
  QCommandLineParser parser;
  parser.setApplicationDescription("ScanShare viewer: look through a CD, folder or zip of DICOM images");
  parser.addHelpOption();
  // Handled in main() before the application starts; listed here for --help.
  const QCommandLineOption version("version", "print the version, commit and library versions, then exit");
  parser.addPositionalArgument("path", "folder, CD, DICOMDIR, zip or file to open");
  const QCommandLineOption screenshot("screenshot", "open PATH, render, save a PNG of the window to FILE and exit", "FILE");
  const QCommandLineOption slice("slice", "show slice K (1-based) instead of the middle one", "K");
  const QCommandLineOption window("window", "window CENTER,WIDTH", "C,W");
  const QCommandLineOption preset("preset", "choose entry N of the window presets list (1-based; 1 = Default)", "N");
  const QCommandLineOption benchmark("benchmark", "print first-image time and redraw rates, then exit");
  const QCommandLineOption series("series", "show series N (1-based, in browser order) first", "N");
  const QCommandLineOption tags("tags", "show the attribute browser");
  const QCommandLineOption layout("layout", "viewports: 1x1, 1x2 or 2x2 (the second shows --compare)", "1x1|1x2|2x2");
  const QCommandLineOption compare("compare", "series N (1-based, browser order) in the second viewport", "N");
  const QCommandLineOption mpr("mpr", "show the three MPR planes (axial, coronal, sagittal)");
  const QCommandLineOption mpr_point("mpr-point", "MPR cursor at column C, row R, slice S (1-based voxel)", "C,R,S");
  const QCommandLineOption angle("angle", "draw an angle: end, vertex, end in image pixels (column,row each)", "X1,Y1,X2,Y2,X3,Y3");
  const QCommandLineOption steps("steps", "apply these actions in order, as a person would, before the screenshot: "
                                  "series=N;slice=K;mpr;tags;preset=N;window=C,W;zoom=F;pan=DX,DY;invert;layout=1x2;compare=N;probe=C,R", "LIST");
  const QCommandLineOption share_to("share-to", "run the share flow on PATH without clicking, export to OUT, verify, exit", "OUT");
  const QCommandLineOption share_series("share-series", "series to tick (1-based, browser order), e.g. 1,3", "N,...");
  const QCommandLineOption share_redact("share-redact", "burned-in series to send with the printed text blacked out (1-based, browser order)", "N,...");
  const QCommandLineOption share_add_person("share-add-person", "answer to \"add another person's images?\": yes or no (default no)", "ANSWER");
  const QCommandLineOption share_dates("share-dates", "dates: keep, shift or remove", "MODE");
  const QCommandLineOption share_zip("share-zip", "export as a zip file");
  const QCommandLineOption share_name("share-name", "name for the recipient (one patient only)", "NAME");
  const QCommandLineOption share_id("share-id", "ID for the recipient (one patient only)", "ID");
  const QCommandLineOption share_drop("share-drop-age-sex", "do not keep age and sex");
  const QCommandLineOption share_shots("share-screenshots", "save a PNG of each step as DIR/share-stepN.png", "DIR");
  const QCommandLineOption share_cancel("share-cancel-after", "press Cancel once N files are exported (tests)", "N");
  const QCommandLineOption share_recipe("share-recipe", "step 2: choose this recipe (its rules are printed)", "FILE");
  const QCommandLineOption share_mapping("share-mapping", "step 2: save the sealed re-identification mapping here", "FILE");
  parser.addOptions({version, screenshot, slice, window, preset, benchmark, series, layout, compare, tags, mpr, mpr_point, angle, steps, share_to, share_series, share_add_person, share_redact, share_dates, share_zip,
                     share_name, share_id, share_drop, share_shots, share_cancel, share_recipe, share_mapping});

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
  options.mpr = parser.isSet(mpr) || parser.isSet(mpr_point);
  auto numbers = [](const QString& text, int count, std::vector<double>& out) {
    const QStringList parts = text.split(',');
    if (parts.size() != count) return false;
    for (const QString& part : parts) {
      bool ok = false;
      out.push_back(part.trimmed().toDouble(&ok));
      if (!ok) return false;
    }
    return true;
  };
  if (parser.isSet(mpr_point)) {
    std::vector<double> v;
    if (!numbers(parser.value(mpr_point), 3, v)) options.error = "--mpr-point expects COLUMN,ROW,SLICE";
    else options.mpr_point = std::array<double, 3>{v[0], v[1], v[2]};
  }
  if (parser.isSet(angle) && !numbers(parser.value(angle), 6, options.angle))
    options.error = "--angle expects six numbers: X1,Y1,X2,Y2,X3,Y3";
  if (parser.isSet(series)) {
    bool ok = false;
    const int n = parser.value(series).toInt(&ok);
    if (!ok || n < 1) options.error = "--series expects a number from 1";
    else options.series = n;
  }
  if (parser.isSet(layout)) {
    options.viewports = parseViewerLayout(parser.value(layout));
    if (options.viewports == 0) options.error = "--layout expects 1x1, 1x2 or 2x2";
  }
  if (parser.isSet(compare)) {
    bool ok = false;
    const int n = parser.value(compare).toInt(&ok);
    if (!ok || n < 1) options.error = "--compare expects a number from 1";
    else options.compare = n;
  }
  if (parser.isSet(preset)) {
    bool ok = false;
    const int n = parser.value(preset).toInt(&ok);
    if (!ok || n < 1) options.error = "--preset expects a number from 1";
    else options.preset = n;
  }
  if (parser.isSet(window)) {
    const QStringList parts = parser.value(window).split(',');
    bool ok_c = false, ok_w = false;
    const double c = parts.size() == 2 ? parts[0].toDouble(&ok_c) : 0.0;
    const double w = parts.size() == 2 ? parts[1].toDouble(&ok_w) : 0.0;
    if (!ok_c || !ok_w || w < 1) options.error = "--window expects CENTER,WIDTH with WIDTH >= 1";
    else options.window = imaging::Window{c, w};
  }
  if (parser.isSet(steps)) {
    QString error;
    options.steps = parseViewerSteps(parser.value(steps), error);
    if (!error.isEmpty()) options.error = error;
  }
  options.share_to = parser.value(share_to);
  for (const QString& part : parser.value(share_series).split(',', Qt::SkipEmptyParts)) {
    bool ok = false;
    const int n = part.trimmed().toInt(&ok);
    if (!ok || n < 1) options.error = "--share-series expects numbers from 1, comma separated";
    else options.share_series.push_back(n);
  }
  for (const QString& part : parser.value(share_redact).split(',', Qt::SkipEmptyParts)) {
    bool ok = false;
    const int n = part.trimmed().toInt(&ok);
    if (!ok || n < 1) options.error = "--share-redact expects numbers from 1, comma separated";
    else options.share_redact.push_back(n);
  }
  options.share_add_person = parser.value(share_add_person);
  if (!options.share_add_person.isEmpty() && options.share_add_person != "yes" && options.share_add_person != "no")
    options.error = "--share-add-person expects yes or no";
  options.share_dates = parser.value(share_dates);
  if (!options.share_dates.isEmpty() && options.share_dates != "keep" && options.share_dates != "shift" &&
      options.share_dates != "remove")
    options.error = "--share-dates expects keep, shift or remove";
  options.share_zip = parser.isSet(share_zip);
  options.share_name = parser.value(share_name);
  options.share_id = parser.value(share_id);
  options.share_drop_age_sex = parser.isSet(share_drop);
  options.share_screenshots = parser.value(share_shots);
  options.share_recipe = parser.value(share_recipe);
  options.share_mapping = parser.value(share_mapping);
  if (parser.isSet(share_cancel)) {
    bool ok = false;
    options.share_cancel_after = parser.value(share_cancel).toInt(&ok);
    if (!ok || options.share_cancel_after < 1) options.error = "--share-cancel-after expects a number from 1";
  }
  if (!options.share_to.isEmpty() && options.open_path.isEmpty()) options.error = "--share-to needs a path to open";
  if ((!options.screenshot_path.isEmpty() || options.benchmark) && options.open_path.isEmpty())
    options.error = "--screenshot and --benchmark need a path to open";
  return options;
}
