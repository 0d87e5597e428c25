#include "report_view.h"

#include <QPalette>

namespace {

// Escaped for rich text; the lines of a multi-line value stay lines.
QString html(const std::string& text) {
  return QString::fromStdString(text).toHtmlEscaped().remove(QLatin1Char('\r')).replace(QLatin1Char('\n'), QLatin1String("<br>"));
}

void appendItem(const imaging::ReportItem& item, int depth, QString& out) {
  const int indent = 24 * depth;
  const bool heading = item.value_type == "CONTAINER";
  if (heading) {
    out += QString("<p style=\"margin-left:%1px; margin-top:10px; margin-bottom:2px\"><b>%2</b></p>")
               .arg(indent)
               .arg(item.concept_name.empty() ? QObject::tr("(section)") : html(item.concept_name));
  } else {
    QString line = item.concept_name.empty() ? QString() : QString("<span style=\"color:#505050\">%1:</span> ").arg(html(item.concept_name));
    line += html(item.value);
    out += QString("<p style=\"margin-left:%1px; margin-top:1px; margin-bottom:1px\">%2</p>").arg(indent).arg(line);
  }
  for (const auto& child : item.children) appendItem(child, depth + 1, out);
}

}  // namespace

ReportView::ReportView(QWidget* parent) : QTextBrowser(parent) {
  // A light page with dark text whatever the desktop theme: a report reads like paper.
  QPalette page = palette();
  page.setColor(QPalette::Base, QColor(250, 250, 246));
  page.setColor(QPalette::Text, QColor(20, 20, 20));
  setPalette(page);
  setOpenLinks(false);
  document()->setDocumentMargin(24);
  QFont body = font();
  body.setPointSizeF(body.pointSizeF() * 1.15);
  setFont(body);
}

void ReportView::showReport(const imaging::StructuredReport& report, const QString& series_label) {
  QString out = QString("<h2>%1</h2>").arg(report.title().empty() ? tr("Structured report") : html(report.title()));
  QStringList status{series_label.toHtmlEscaped()};
  if (!report.content_date.empty()) status << html(report.content_date);
  if (!report.completion.empty()) status << html(report.completion).toLower();
  if (!report.verification.empty()) status << html(report.verification).toLower();
  out += QString("<p style=\"color:#606060\">%1</p>").arg(status.join(" &middot; "));
  if (!report.charset_converted)
    out += tr("<p style=\"color:#a04000\">Some characters could not be read and are shown as '?'.</p>");
  for (const auto& child : report.root.children) appendItem(child, 0, out);
  setHtml(out);
}
