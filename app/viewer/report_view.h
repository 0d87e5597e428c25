#pragma once
// The centre's page for a structured report: its content tree as readable text (title, headings,
// findings, measurements, nested by depth) on a light page, in place of the slice view.
#include <QTextBrowser>

#include "imaging/media/structured_report.h"

class ReportView : public QTextBrowser {
  Q_OBJECT
 public:
  explicit ReportView(QWidget* parent = nullptr);
  void showReport(const imaging::StructuredReport& report, const QString& series_label);
};
