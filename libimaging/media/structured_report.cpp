#include "imaging/media/structured_report.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcsequen.h>

#include "imaging/core/error.h"
#include "imaging_bridge/dcmtk.h"
#include "imaging_bridge/dicom_file.h"
#include "document_file.h"
#include "text_decoder.h"

namespace imaging {

using media::openDocumentOfClass;
using media::trimmed;

namespace {

constexpr const char* kSrClassPrefix = "1.2.840.10008.5.1.4.1.1.88.";
constexpr int kMaxDepth = 64;  // the door's structure guard refuses deeper nesting anyway


std::string readableDate(const std::string& da) {
  const std::string d = trimmed(da);
  if (d.size() < 8) return d;
  return d.substr(0, 4) + "-" + d.substr(4, 2) + "-" + d.substr(6, 2);
}

std::string readableTime(const std::string& tm) {
  const std::string t = trimmed(tm);
  if (t.size() < 4 || t.find(':') != std::string::npos) return t;
  return t.substr(0, 2) + ":" + t.substr(2, 2) + (t.size() >= 6 ? ":" + t.substr(4, 2) : "");
}

std::string readableDateTime(const std::string& dt) {
  const std::string v = trimmed(dt);
  if (v.size() <= 8) return readableDate(v);
  return readableDate(v.substr(0, 8)) + " " + readableTime(v.substr(8, 6));
}

// The first item of a sequence attribute of item, or null.
DcmItem* firstItem(DcmItem& item, const DcmTagKey& sequence) {
  DcmSequenceOfItems* seq = nullptr;
  if (item.findAndGetSequence(sequence, seq).bad() || !seq || seq->card() == 0) return nullptr;
  return seq->getItem(0);
}

class TreeReader {
 public:
  explicit TreeReader(media::TextDecoder& text) : text_(text) {}

  ReportItem read(DcmItem& item, int depth) {
    ReportItem out;
    out.relationship = trimmed(bridge::getString(item, DCM_RelationshipType));
    out.value_type = trimmed(bridge::getString(item, DCM_ValueType));
    out.concept_name = codeMeaning(item, DCM_ConceptNameCodeSequence);
    out.value = valueOf(item, out.value_type);
    DcmSequenceOfItems* children = nullptr;
    if (depth < kMaxDepth && item.findAndGetSequence(DCM_ContentSequence, children).good() && children)
      for (unsigned long i = 0; i < children->card(); ++i) out.children.push_back(read(*children->getItem(i), depth + 1));
    return out;
  }

 private:
  std::string text(DcmItem& item, const DcmTagKey& tag, const char* delimiters = "\\") {
    return trimmed(text_.decode(bridge::getString(item, tag), delimiters));
  }

  std::string codeMeaning(DcmItem& item, const DcmTagKey& sequence) {
    DcmItem* code = firstItem(item, sequence);
    return code ? text(*code, DCM_CodeMeaning) : std::string();
  }

  std::string numeric(DcmItem& item) {
    DcmItem* measured = firstItem(item, DCM_MeasuredValueSequence);
    if (!measured) return "(no value)";
    std::string number = trimmed(bridge::getString(*measured, DCM_NumericValue));
    if (number.empty()) return "(no value)";
    DcmItem* unit = firstItem(*measured, DCM_MeasurementUnitsCodeSequence);
    if (!unit) return number;
    // UCUM code values are the symbols people write ("mm", "cm2", "[hnsf'U]" aside); "1" means no unit.
    const std::string scheme = trimmed(bridge::getString(*unit, DCM_CodingSchemeDesignator));
    std::string symbol = trimmed(bridge::getString(*unit, DCM_CodeValue));
    if (scheme != "UCUM" || symbol.find('[') != std::string::npos) symbol = text(*unit, DCM_CodeMeaning);
    if (symbol.empty() || symbol == "1" || symbol == "no units") return number;
    return number + " " + symbol;
  }

  std::string valueOf(DcmItem& item, const std::string& type) {
    if (type == "TEXT") return text(item, DCM_TextValue);
    if (type == "CODE") return codeMeaning(item, DCM_ConceptCodeSequence);
    if (type == "NUM") return numeric(item);
    if (type == "DATE") return readableDate(bridge::getString(item, DCM_Date));
    if (type == "TIME") return readableTime(bridge::getString(item, DCM_Time));
    if (type == "DATETIME") return readableDateTime(bridge::getString(item, DCM_DateTime));
    if (type == "PNAME") return readablePersonName(text(item, DCM_PersonName, "\\^="));
    if (type == "UIDREF") return trimmed(bridge::getString(item, DCM_UID));
    if (type == "IMAGE" || type == "COMPOSITE" || type == "WAVEFORM") return "(reference to another object)";
    if (type == "SCOORD" || type == "SCOORD3D") return "(region on an image)";
    if (type == "TCOORD") return "(time range)";
    if (type.empty() && item.tagExists(DCM_ReferencedContentItemIdentifier)) return "(refers to another item of this report)";
    return {};
  }

  media::TextDecoder& text_;
};

}  // namespace

bool isStructuredReport(const Series& series) {
  if (series.modality == "SR") return true;
  return !series.instances.empty() && series.instances.front().sop_class_uid.rfind(kSrClassPrefix, 0) == 0;
}

StructuredReport readStructuredReport(const std::filesystem::path& path) {
  bridge::DicomFile file = openDocumentOfClass(path, kSrClassPrefix, "structured report");
  DcmDataset& dataset = file.dataset();
  if (trimmed(bridge::getString(dataset, DCM_ValueType)) != "CONTAINER")
    throw Error(ErrorCode::Unsupported, "not a structured report", path.string());
  StructuredReport report;
  try {
    media::TextDecoder text(bridge::getString(dataset, DCM_SpecificCharacterSet));
    report.root = TreeReader(text).read(dataset, 0);
    report.completion = trimmed(bridge::getString(dataset, DCM_CompletionFlag));
    report.verification = trimmed(bridge::getString(dataset, DCM_VerificationFlag));
    report.content_date = readableDate(bridge::getString(dataset, DCM_ContentDate));
    report.charset_converted = text.allConverted();
  } catch (const std::exception&) {
    throw Error(ErrorCode::Corrupt, "cannot read the report's content", path.string());
  }
  return report;
}

std::string readablePersonName(const std::string& person_name) {
  std::string group;
  std::size_t start = 0;
  while (start <= person_name.size()) {
    const auto end = person_name.find('=', start);
    group = person_name.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (group.find_first_not_of("^ ") != std::string::npos || end == std::string::npos) break;
    start = end + 1;
  }
  std::vector<std::string> parts;
  std::size_t from = 0;
  while (true) {
    const auto caret = group.find('^', from);
    parts.push_back(trimmed(group.substr(from, caret == std::string::npos ? std::string::npos : caret - from)));
    if (caret == std::string::npos) break;
    from = caret + 1;
  }
  parts.resize(5);
  std::string out;
  for (int i : {3, 1, 2, 0, 4})
    if (!parts[static_cast<std::size_t>(i)].empty()) out += (out.empty() ? "" : " ") + parts[static_cast<std::size_t>(i)];
  return out;
}

namespace {

std::string lower(std::string text) {
  for (char& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return text;
}

// Lines of a multi-line value after the first are indented under it.
std::string indentedLines(const std::string& value, std::size_t indent) {
  std::string out;
  for (char c : value) {
    if (c == '\r') continue;
    out += c;
    if (c == '\n') out.append(indent, ' ');
  }
  return out;
}

void renderItem(const ReportItem& item, int depth, std::string& out) {
  const std::size_t indent = static_cast<std::size_t>(2 * depth);
  std::string line;
  if (item.value_type == "CONTAINER" || item.value.empty()) {
    line = !item.concept_name.empty() ? item.concept_name
           : item.value_type.empty()  ? std::string("(item)")
                                      : "(" + item.value_type + ")";
  } else {
    line = item.concept_name.empty() ? item.value : item.concept_name + ": " + item.value;
  }
  out.append(indent, ' ');
  out += indentedLines(line, indent + 2);
  out += '\n';
  for (const ReportItem& child : item.children) renderItem(child, depth + 1, out);
}

}  // namespace

std::string renderReportText(const StructuredReport& report) {
  std::string out = report.title().empty() ? std::string("Structured report") : report.title();
  out += '\n';
  std::string status;
  if (!report.content_date.empty()) status += report.content_date;
  for (const std::string* flag : {&report.completion, &report.verification})
    if (!flag->empty()) status += (status.empty() ? "" : ", ") + lower(*flag);
  if (!status.empty()) out += status + '\n';
  for (const ReportItem& child : report.root.children) renderItem(child, 0, out);
  return out;
}

}  // namespace imaging
