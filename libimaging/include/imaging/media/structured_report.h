#pragma once
// A structured report (SR) as a person reads it: the content tree of one SR file in plain types,
// with every value already made readable (code meanings, numbers with their unit, dates as
// YYYY-MM-DD, person names as people write them), and a plain-text rendering of it.
// For the viewer (which shows a report in place of an image) and anyone else who wants to read one.
#include <filesystem>
#include <string>
#include <vector>

#include "imaging/model/model.h"

namespace imaging {

struct ReportItem {
  std::string relationship;  // "CONTAINS", "HAS OBS CONTEXT", ...; empty for the root
  std::string value_type;    // "CONTAINER", "TEXT", "CODE", "NUM", "DATE", "PNAME", ...
  std::string concept_name;  // the concept name's code meaning ("Finding"); may be empty
  std::string value;         // readable value; empty for containers ("12.5 mm", "2024-06-12", "Jane Doe")
  std::vector<ReportItem> children;
};

struct StructuredReport {
  ReportItem root;               // the document's root CONTAINER; its concept name is the title
  std::string completion;        // CompletionFlag: "COMPLETE", "PARTIAL" or empty
  std::string verification;      // VerificationFlag: "VERIFIED", "UNVERIFIED" or empty
  std::string content_date;      // YYYY-MM-DD or empty
  bool charset_converted = true; // false: some text could not be decoded; non-ASCII shown as '?'

  const std::string& title() const { return root.concept_name; }
};

// True for a series of SR documents (modality SR or an SR storage SOP class).
bool isStructuredReport(const Series& series);

// Reads the content tree of one SR file. Throws Error (NotFound, NotDicom, Truncated, Corrupt)
// naming the file, and Error(Unsupported) when the file is not a structured report.
StructuredReport readStructuredReport(const std::filesystem::path& path);

// The report as indented text: title, then one line per item ("Finding: ...", headings alone),
// two spaces of indent per level below the root.
std::string renderReportText(const StructuredReport& report);

// "Doe^Jane^Marie^Dr" -> "Dr Jane Marie Doe": prefix, given, middle, family, suffix, from the first
// non-empty component group (alphabetic, else ideographic, else phonetic).
std::string readablePersonName(const std::string& person_name);

}  // namespace imaging
