#include "imaging/workflow/verify.h"

#include <algorithm>
#include <fstream>
#include <functional>
#include <iterator>
#include <mutex>
#include <set>
#include <system_error>
#include <unordered_set>

#include "charset_encode.h"
#include "dataset_walk.h"
#include "identifier_match.h"
#include "verify_report.h"
#include "imaging/workflow/anonymize.h"
#include "imaging/core/error.h"
#include "imaging/core/temp_dir.h"
#include "imaging/deid/deidentifier.h"
#include "imaging/deid/parts.h"
#include "imaging/text/free_text.h"
#include "imaging/media/scan.h"
#include "imaging/model/inventory_builder.h"
#include "imaging/writer/dicomdir.h"
#include "imaging/writer/media_layout.h"
#include "imaging/writer/zip_archive.h"
#include "imaging_bridge/dcmtk.h"
#include "imaging_bridge/dicom_file.h"
#include "imaging_bridge/element_index.h"
#include "imaging/core/pattern_automaton.h"
#include "imaging_bridge/replaceable_uids.h"
#include "parallel.h"
#include "verify_binary.h"
#include "verify_dicomdir.h"
#include "verify_kept.h"
#include "verify_pixels.h"
#include "verify_profile.h"
#include "verify_identifiers.h"
#include "verify_text.h"
#include "work_plan.h"

namespace fs = std::filesystem;

namespace imaging {
namespace {

using workflow::VisitedValue;

using bridge::isStandardUid;

bool isNumericVr(DcmEVR vr) { return vr == EVR_IS || vr == EVR_DS; }

struct SourceFacts {
  std::vector<std::string> identifiers;       // UTF-8, usable
  std::vector<std::string> byte_patterns;     // identifiers in UTF-8 and the source encodings
  std::unordered_set<std::string> uids;       // non-class UIDs of the source
  std::vector<std::string> sop_instances;
};

// Source UIDs of 10 characters or more found anywhere inside a text value, in one pass over the
// value. (Each value was compared with every source UID in turn: files x values x UIDs, which made
// verify of 20 000 files take 93 s against 2.5 s for 4 000.)
class UidInTextSearch {
 public:
  explicit UidInTextSearch(const std::unordered_set<std::string>& uids) : automaton_(patternsOf(uids)) {}
  bool anyIn(const std::string& text) const {
    bool found = false;
    automaton_.forEachMatchOf(
        text.size(), [&text](std::size_t i) { return static_cast<char32_t>(static_cast<unsigned char>(text[i])); },
        [&found](std::size_t, std::size_t) {
          found = true;
          return false;  // one is enough
        });
    return found;
  }

 private:
  static std::vector<std::vector<char32_t>> patternsOf(const std::unordered_set<std::string>& uids) {
    std::vector<std::vector<char32_t>> patterns;
    for (const std::string& u : uids)
      if (u.size() >= 10) patterns.emplace_back(u.begin(), u.end());
    return patterns;
  }
  PatternAutomaton automaton_;
};

// Source values that cannot identify anyone are not identifiers: blanks and fillers (a birth date
// of eight spaces), placeholders an earlier anonymizer left (ANON), and words ScanShare itself
// writes (DICOM folder names, the ANON^ pseudonym prefix, the removal marker).
std::vector<std::string> meaningfulIdentifiers(std::vector<std::string> ids) {
  static const char* const own[] = {"anon", "anonymous", "anonymized", "anonymised", "dicom", "dicomdir", "ss",
                                    "scanshare", "removed", "unknown", "none", "n/a", "na", "yes", "no", "null",
                                    "test", "patient"};
  ids.erase(std::remove_if(ids.begin(), ids.end(), [](const std::string& raw) {
              std::string v;
              for (char c : raw)
                if (c != ' ' && c != '\0' && c != '^' && c != '=') v += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
              if (v.size() < 3) return true;
              if (std::all_of(v.begin(), v.end(), [&](char c) { return c == v[0]; })) return true;  // 00000000, ----
              return std::find_if(std::begin(own), std::end(own), [&](const char* w) { return v == w; }) != std::end(own);
            }),
            ids.end());
  return ids;
}

constexpr std::size_t kWholeFilePatternLength = 8;

void throwIfCancelled(const std::atomic<bool>* cancel) {
  if (cancel != nullptr && cancel->load()) throw Error(ErrorCode::Cancelled, "verify cancelled");
}

SourceFacts collectSource(const fs::path& against, const std::shared_ptr<const Inventory>& scanned, unsigned jobs,
                          const std::atomic<bool>* cancel) {
  std::shared_ptr<const Inventory> owned = scanned;
  if (!owned) {
    ScanOptions scan_options;
    scan_options.threads = jobs;
    scan_options.cancel = cancel;
    owned = std::make_shared<const Inventory>(scan(against, scan_options));
  }
  const Inventory& inventory = *owned;
  std::vector<std::pair<const Instance*, const Patient*>> instances;
  inventory.forEachInstance(
      [&](const Patient& p, const Study&, const Series&, const Instance& i) { instances.push_back({&i, &p}); });
  // The scan harvested every patient's identifiers from the headers it parsed; the scope is that
  // of harvestIdentifiers(file): institution and device values are not the patient's.
  Profile scope;
  scope.options = {DeidOption::RetainInstitutionIdentity, DeidOption::RetainDeviceIdentity};
  std::mutex mutex;
  std::set<std::string> ids, patterns;
  SourceFacts facts;
  for (const auto& p : inventory.patients) {
    const auto m = workflow::modelIdentifiers(p);
    ids.insert(m.begin(), m.end());
  }
  workflow::parallelFor(instances.size(), jobs, cancel, [&](std::size_t k) {
    const Instance& in = *instances[k].first;
    std::vector<std::string> harvested = patientIdentifiers(*instances[k].second, scope);
    std::vector<std::string> encoded;
    for (const auto& id : harvested) {
      const auto e = workflow::sourceEncodings(id, in.specific_character_set);
      encoded.insert(encoded.end(), e.begin(), e.end());
    }
    // The scan collected each file's UIDs while it parsed the header (bridge::collectReplaceableUids),
    // so the source is not read a third time; a record from a scan plan carries none, and that file
    // is read here.
    std::vector<std::string> uids = in.uids;
    if (!in.uids_known) {
      bridge::DicomFile file = bridge::DicomFile::open(in.path, bridge::ReadDepth::LazyValues);
      if (file.ok()) uids = bridge::collectReplaceableUids(file.meta(), file.dataset());
    }
    std::lock_guard<std::mutex> lock(mutex);
    ids.insert(harvested.begin(), harvested.end());
    patterns.insert(encoded.begin(), encoded.end());
    facts.uids.insert(uids.begin(), uids.end());
    facts.sop_instances.push_back(in.sop_instance_uid);
  });
  facts.identifiers = meaningfulIdentifiers(workflow::normalizeIdentifiers({ids.begin(), ids.end()}));
  std::vector<std::string> all_patterns(facts.identifiers);
  all_patterns.insert(all_patterns.end(), patterns.begin(), patterns.end());
  // Also as UTF-16 in both byte orders, for the whole-file search: waveform and pixel samples are
  // not read as values, and text written by other programs into them (ICC, PDF, Java) is often
  // UTF-16 (red team C, C6: a UTF-16BE trailer in Waveform Data passed).
  for (const std::string& id : facts.identifiers) {
    if (id.size() * 2 < kWholeFilePatternLength ||
        std::any_of(id.begin(), id.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }))
      continue;
    std::string le, be;
    for (const char c : id) {
      le += c, le += '\0';
      be += '\0', be += c;
    }
    all_patterns.push_back(std::move(le));
    all_patterns.push_back(std::move(be));
  }
  facts.byte_patterns = meaningfulIdentifiers(workflow::normalizeIdentifiers(std::move(all_patterns)));
  return facts;
}

// In one allocation of the file's size: grown by doubling, the DICOMDIR of a large export (5 MB
// for 20 000 files) held one and a half times its size again at the end.
std::string readFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::error_code ec;
  const std::uintmax_t size = fs::file_size(p, ec);
  if (ec) return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  std::string bytes(static_cast<std::size_t>(size), '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  return bytes;
}

// Bytes before the Pixel Data element (little or big endian tag), where every text lives. Random
// pixel bytes would match short identifiers by chance; long ones are searched in the whole file.
std::string_view headerBytes(const std::string& bytes) {
  std::size_t pos = bytes.find(std::string("\xE0\x7F\x10\x00", 4));
  const std::size_t big = bytes.find(std::string("\x7F\xE0\x00\x10", 4));
  pos = std::min(pos, big);
  return std::string_view(bytes).substr(0, pos == std::string::npos ? bytes.size() : pos);
}


// What a sender needs of a checked file, from the parse verify made anyway.
InstanceRecord checkedRecord(const fs::path& file, std::uintmax_t size, DcmMetaInfo& meta, DcmDataset& dataset) {
  const bridge::ElementIndex index(dataset);
  InstanceRecord r;
  r.instance.path = file;
  r.instance.file_size = size;
  r.instance.sop_class_uid = index.string(DCM_SOPClassUID);
  r.instance.sop_instance_uid = index.string(DCM_SOPInstanceUID);
  r.instance.transfer_syntax_uid = bridge::getString(meta, DCM_TransferSyntaxUID);
  r.instance.specific_character_set = index.string(DCM_SpecificCharacterSet);
  r.instance.instance_number = index.integer(DCM_InstanceNumber);
  r.instance.has_pixel_data = index.has(DCM_PixelData);
  r.series.series_instance_uid = index.string(DCM_SeriesInstanceUID);
  r.series.modality = index.string(DCM_Modality);
  r.series.number = index.integer(DCM_SeriesNumber);
  r.study.study_instance_uid = index.string(DCM_StudyInstanceUID);
  r.patient.id = index.string(DCM_PatientID);
  r.patient.name = index.string(DCM_PatientName);
  return r;
}

// The writer's 8-character names: one capital letter and seven digits (P0000001, I0000012).
bool isOwnMediaName(const std::string& name) {
  return name.size() == 8 && name[0] >= 'A' && name[0] <= 'Z' &&
         std::all_of(name.begin() + 1, name.end(), [](char c) { return c >= '0' && c <= '9'; });
}

struct Reference {
  std::string file, location, uid;
};

}  // namespace

const char* toString(FindingKind kind) noexcept {
  switch (kind) {
    case FindingKind::IdentifierInValue: return "identifier-in-value";
    case FindingKind::IdentifierInPath: return "identifier-in-path";
    case FindingKind::IdentifierInBytes: return "identifier-in-bytes";
    case FindingKind::IdentifierInReport: return "identifier-in-report";
    case FindingKind::SourceUid: return "source-uid";
    case FindingKind::IdentityNotRemoved: return "identity-not-removed";
    case FindingKind::PersonName: return "person-name";
    case FindingKind::UnsafeText: return "unsafe-text";
    case FindingKind::UidNotReplaced: return "uid-not-replaced";
    case FindingKind::BurnedInText: return "burned-in-text";
    case FindingKind::UnknownElement: return "unknown-element";
    case FindingKind::BurnedInAnnotation: return "burned-in-annotation";
    case FindingKind::HiddenPixelBits: return "hidden-pixel-bits";
    case FindingKind::PixelDataSurplus: return "pixel-data-surplus";
    case FindingKind::JpegComment: return "jpeg-comment";
    case FindingKind::ProfileNotApplied: return "profile-not-applied";
    case FindingKind::NotDicom: return "not-dicom";
    case FindingKind::Truncated: return "truncated";
    case FindingKind::UnsafeStructure: return "unsafe-structure";
    case FindingKind::DanglingReference: return "dangling-reference";
    case FindingKind::DicomdirMissingFile: return "dicomdir-missing-file";
    case FindingKind::DicomdirUnlistedFile: return "dicomdir-unlisted-file";
    case FindingKind::DicomdirBrokenTree: return "dicomdir-broken-tree";
    case FindingKind::NoDicomdir: return "no-dicomdir";
  }
  return "unknown";
}

bool isPrivacyFinding(FindingKind kind) noexcept {
  switch (kind) {
    case FindingKind::DanglingReference:
    case FindingKind::DicomdirMissingFile:
    case FindingKind::DicomdirUnlistedFile:
    case FindingKind::DicomdirBrokenTree:
    case FindingKind::NoDicomdir:
      return false;
    default:
      return true;
  }
}

VerifyResult verify(const fs::path& out, const VerifyOptions& options) {
  bridge::ensureDcmtkReady();
  std::error_code ec;
  if (!fs::exists(out, ec)) throw Error(ErrorCode::NotFound, "export not found", out.string());
  std::unique_ptr<TempDir> extracted;
  fs::path root = out;
  if (fs::is_regular_file(out, ec)) {
    extracted = std::make_unique<TempDir>();
    extractZip(out, extracted->path());
    root = extracted->path();
  }
  const unsigned jobs = std::max(1u, options.jobs);

  VerifyResult result;
  SourceFacts source;
  if (options.against) {
    source = collectSource(*options.against, options.source_scan, jobs, options.cancel);
    throwIfCancelled(options.cancel);
    result.source_identifiers = source.identifiers.size();
    result.source_uids = source.uids.size();
  }

  const UidInTextSearch uid_in_text(source.uids);

  // Each file by its path under the root ("DICOM/P0000001/..."): a std::filesystem::path also
  // keeps a list of its components, about 300 bytes a file of a large export, twice over.
  std::vector<std::string> files;  // all but the DICOMDIR, which is checked last
  bool has_dicomdir = false;
  for (fs::recursive_directory_iterator it(root, ec), end; it != end; it.increment(ec)) {
    if (ec) break;
    if (!it->is_regular_file(ec)) continue;
    std::string rel = it->path().lexically_relative(root).generic_string();
    if (rel == kMediaDicomdirName)
      has_dicomdir = true;
    else
      files.push_back(std::move(rel));
  }
  std::sort(files.begin(), files.end());
  files.shrink_to_fit();
  result.files_checked = files.size() + (has_dicomdir ? 1 : 0);

  std::mutex mutex;
  std::vector<VerifyFinding> findings;
  std::vector<Reference> references;
  std::unordered_set<std::string> out_sops;
  std::set<std::string> verbatim;
  std::vector<std::pair<fs::path, std::string>> redacted;  // images marked Clean Pixel Data (113101)
  std::vector<std::pair<fs::path, std::string>> unflagged;  // projection X-ray not so marked: screened
  std::size_t unscreened = 0;                               // ... left unscreened (trust_burned_in_flag)
  const bool keep_records = options.list_checked && !extracted;
  std::vector<InstanceRecord> checked_records;
  auto add = [&](FindingKind kind, std::string location, std::string detail) {
    std::lock_guard<std::mutex> lock(mutex);
    findings.push_back({kind, std::move(location), std::move(detail)});
  };
  auto describe = [](const std::string& id) { return "a source identifier (" + std::to_string(id.size()) + " bytes)"; };

  // verify's own search (verify_identifiers.h), not the engine's scrubber: a mistake in what the
  // scrubber removes must not also blind the check of what it left.
  const workflow::SourceIdentifierSearch identifiers(source.identifiers);
  const workflow::IdentifierByteSearch byte_search(source.byte_patterns);

  // The DICOMDIR carries no marks of its own: it is checked last, with every file's unsafe keeps.
  std::set<std::string> unsafe_kept;
  workflow::ExportMarks inherited;
  workflow::ProfileMarks inherited_profile;  // every file's declared options and purposeful keeps
  auto checkPath = [&](const std::string& rel) {
    for (const auto& component : fs::path(rel)) {
      const std::string name = component.string();
      if (name == kMediaDicomdirName || name == "DICOM") continue;  // ScanShare's own names
      if (identifiers.inText(name)) add(FindingKind::IdentifierInPath, rel, "a source identifier in a file or folder name");
      if (isOwnMediaName(name)) continue;  // I0000005: the writer's numbering, not a source name
      for (const auto& run : text::findUnsafeRuns(name, text::TextCheck::Shapes))
        add(FindingKind::IdentifierInPath, rel, std::string("a ") + text::ruleKeyword(run.rule) + " shape in a file or folder name");
    }
  };
  // The raw bytes, with the file's unsafe keeps blanked once each.
  auto searchBytes = [&](const std::string& rel, const std::function<std::string()>& raw_bytes,
                         const std::vector<std::string>& kept, const std::string& charset) {
    if (source.byte_patterns.empty()) return;
    const std::string bytes = workflow::withoutKeptValues(raw_bytes(), kept, charset);
    const std::size_t header = headerBytes(bytes).size();
    for (std::size_t index : byte_search.find(bytes, header, kWholeFilePatternLength))
      add(FindingKind::IdentifierInBytes, rel, describe(source.byte_patterns[index]) + " in the raw bytes");
  };
  // The checks of one string value of `rel` under its marks; references are collected in refs.
  auto valueCheck = [&](const std::string& rel, const workflow::ExportMarks& marks, const workflow::ProfileCheck& profile,
                        std::vector<Reference>& refs) {
    return [&, rel](const VisitedValue& v) {
      for (const auto& f : workflow::checkExportedValue(v, marks)) add(f.kind, rel + " " + v.location, f.detail);
      for (const auto& f : profile.checkString(v)) add(FindingKind::ProfileNotApplied, rel + " " + f.location, f.detail);
      if (v.vr == EVR_UI) {
        // Class UIDs too: one under the source's own root (a site's private SOP class, which the
        // scan collects) must not survive any more than an instance UID.
        for (const auto& u : workflow::splitValues(v.value)) {
          if (source.uids.count(u)) add(FindingKind::SourceUid, rel + " " + v.location, "a UID of the source survives");
          if (v.tag == DCM_ReferencedSOPInstanceUID) refs.push_back({rel, v.location, u});
        }
        return;
      }
      const bool kept = workflow::isUnsafeKept(v.tag, marks);  // the patient's own value, on purpose
      if (isNumericVr(v.vr)) {
        if (!kept && identifiers.inNumbers(v.value))
          add(FindingKind::IdentifierInValue, rel + " " + v.location, "a source identifier's digits in a number");
        return;
      }
      if (!kept && identifiers.inText(v.value)) add(FindingKind::IdentifierInValue, rel + " " + v.location, "a source identifier");
      if ((v.vr == EVR_LT || v.vr == EVR_ST || v.vr == EVR_UT || v.vr == EVR_LO || v.vr == EVR_UC) &&
          uid_in_text.anyIn(v.value))
        add(FindingKind::SourceUid, rel + " " + v.location, "a UID of the source survives in text");
    };
  };
  // The DICOMDIR one record at a time, with the checks a whole parse gets (verify_dicomdir.h). It is
  // checked alone, after every other file, so what it added can be taken back when it must be
  // checked whole after all. Its own marks are none then, so the files' notes stay as they are.
  auto checkDicomdirByRecords = [&](const fs::path& file, const std::string& rel, const workflow::ExportMarks& inherit) {
    workflow::ExportMarks marks;
    marks.unsafe_kept = inherit.unsafe_kept;
    marks.unsafe_kept_names = inherit.unsafe_kept_names;
    std::vector<Reference> refs;
    const std::size_t findings_before = findings.size();
    const workflow::ProfileCheck profile(inherited_profile, /*dicomdir=*/true);
    const workflow::DicomdirStrings strings =
        workflow::visitDicomdirStrings(file, marks, valueCheck(rel, marks, profile, refs));
    if (!strings.complete) {
      findings.erase(findings.begin() + static_cast<std::ptrdiff_t>(findings_before), findings.end());
      return false;
    }
    searchBytes(rel, [&file] { return readFile(file); }, strings.unsafe_kept_values, strings.charset);
    references.insert(references.end(), refs.begin(), refs.end());
    return true;
  };
  auto checkFile = [&](const std::string& rel, const workflow::ExportMarks* inherit) {
    const fs::path file = root / rel;
    const bool is_dicomdir = rel == kMediaDicomdirName;
    checkPath(rel);
    if (is_dicomdir && inherit && checkDicomdirByRecords(file, rel, *inherit)) return;
    // Through the door, like the scan: a hostile file is refused before DCMTK parses it.
    bridge::DicomFile dcm = bridge::DicomFile::open(file, bridge::ReadDepth::LazyValues);
    // The raw bytes: a small file's are already in memory from the door's first read (the same
    // bytes, read once); a larger one is read again from the page cache.
    auto rawBytes = [&] {
      if (dcm.ok())
        if (const char* head = dcm.input().headBytes(0, static_cast<std::size_t>(dcm.fileSize())))
          return std::string(head, static_cast<std::size_t>(dcm.fileSize()));
      return readFile(file);
    };
    if (!dcm.ok()) {
      searchBytes(rel, rawBytes, {}, {});
      const ProblemKind problem = dcm.problemKind();
      add(problem == ProblemKind::UnsafeStructure ? FindingKind::UnsafeStructure
          : problem == ProblemKind::Truncated     ? FindingKind::Truncated
                                                  : FindingKind::NotDicom,
          rel, "cannot be checked: " + dcm.reason());
      return;
    }
    DcmDataset& dataset = dcm.dataset();
    if (keep_records && !is_dicomdir) {
      InstanceRecord record = checkedRecord(file, dcm.fileSize(), dcm.meta(), dataset);
      std::lock_guard<std::mutex> lock(mutex);
      checked_records.push_back(std::move(record));
    }
    const std::string charset = bridge::getString(dataset, DCM_SpecificCharacterSet);
    bridge::convertDatasetToUtf8(dataset);
    workflow::ExportMarks marks = workflow::readExportMarks(dataset);
    // The DICOMDIR has no marks of its own: it is judged under every file's.
    workflow::ProfileMarks profile_marks = is_dicomdir ? inherited_profile : workflow::readProfileMarks(dataset);
    const workflow::ProfileCheck profile(profile_marks, is_dicomdir);
    if (!is_dicomdir) {
      std::lock_guard<std::mutex> lock(mutex);
      inherited_profile.merge(profile_marks);
    }
    if (inherit) {
      marks.unsafe_kept.insert(marks.unsafe_kept.end(), inherit->unsafe_kept.begin(), inherit->unsafe_kept.end());
      marks.unsafe_kept_names.insert(marks.unsafe_kept_names.end(), inherit->unsafe_kept_names.begin(),
                                     inherit->unsafe_kept_names.end());
    }
    searchBytes(rel, rawBytes, workflow::unsafeKeptValues(dataset, marks), charset);
    if (!marks.verbatim_names.empty() || !marks.unsafe_kept.empty()) {
      std::lock_guard<std::mutex> lock(mutex);
      for (const auto& name : marks.verbatim_names) verbatim.insert(name);
      for (std::size_t i = 0; i < marks.unsafe_kept.size(); ++i)
        if (unsafe_kept.insert(marks.unsafe_kept_names[i]).second) {
          inherited.unsafe_kept.push_back(marks.unsafe_kept[i]);
          inherited.unsafe_kept_names.push_back(marks.unsafe_kept_names[i]);
        }
    }
    if (!is_dicomdir)
      for (const auto& f : workflow::checkBinaryContent(dataset, marks.clean_pixels))
        add(f.kind, f.location.empty() ? rel : rel + " " + f.location, f.detail);
    std::vector<Reference> refs;
    const auto check = valueCheck(rel, marks, profile, refs);
    workflow::visitStrings(dcm.meta(), check);
    workflow::visitStrings(dataset, check);
    for (DcmItem* item : {static_cast<DcmItem*>(&dcm.meta()), static_cast<DcmItem*>(&dataset)}) {
      if (is_dicomdir && item == &dataset) break;  // records: strings only (the writer's keys)
      for (const auto& f : profile.checkNonStrings(*item))
        add(FindingKind::ProfileNotApplied, f.location.empty() ? rel : rel + " " + f.location, f.detail);
    }
    if (!identifiers.empty())
      workflow::visitBinaries(dataset, [&](const VisitedValue& v) {
        if ((v.tag.getGroup() & 1u) == 0 && workflow::isUnsafeKept(v.tag, marks)) return;
        if (identifiers.inBinary(v.value))
          add(FindingKind::IdentifierInBytes, rel + " " + v.location, "a source identifier in binary data");
      });
    std::lock_guard<std::mutex> lock(mutex);
    if (!is_dicomdir) {
      if (marks.clean_pixels) {
        redacted.emplace_back(file, rel);
      } else if (dataset.tagExists(DCM_PixelData) &&
                 workflow::isProjectionXrayImage(bridge::getString(dataset, DCM_SOPClassUID),
                                                 bridge::getString(dataset, DCM_Modality))) {
        // verify's own reading of the written file, not the export's decision: radiographs whose
        // header says nothing may still carry the patient's name in the pixels.
        if (options.trust_burned_in_flag) ++unscreened;
        else unflagged.emplace_back(file, rel);
      }
      const std::string sop = bridge::getString(dataset, DCM_SOPInstanceUID);
      if (!sop.empty()) out_sops.insert(sop);
      std::string removed = bridge::getString(dataset, DCM_PatientIdentityRemoved);
      while (!removed.empty() && removed.back() == ' ') removed.pop_back();
      if (removed != "YES")
        findings.push_back({FindingKind::IdentityNotRemoved, rel, "Patient Identity Removed (0012,0062) is not YES"});
    }
    references.insert(references.end(), refs.begin(), refs.end());
  };
  workflow::parallelFor(files.size(), jobs, options.cancel, [&](std::size_t k) { checkFile(files[k], nullptr); });
  throwIfCancelled(options.cancel);
  if (has_dicomdir) checkFile(kMediaDicomdirName, &inherited);
  std::vector<std::string>().swap(files);  // checkDicomdir lists the folder again on its own

  // An image that says its pixels were cleaned: the text line detector runs again on them.
  std::sort(redacted.begin(), redacted.end());
  workflow::parallelFor(redacted.size(), jobs, options.cancel, [&](std::size_t k) {
    for (const auto& f : workflow::checkRedactedPixels(redacted[k].first, source.identifiers))
      add(FindingKind::BurnedInText, redacted[k].second, f.detail);
  });
  std::sort(unflagged.begin(), unflagged.end());
  workflow::parallelFor(unflagged.size(), jobs, nullptr, [&](std::size_t k) {
    for (const auto& f : workflow::checkUnflaggedPixels(unflagged[k].first, source.identifiers))
      add(FindingKind::BurnedInText, unflagged[k].second, f.detail);
  });
  if (unscreened > 0)
    result.notes.push_back(std::to_string(unscreened) + " projection X-ray image(s) not screened for burned-in text "
                           "(--trust-burned-in-flag)");
  throwIfCancelled(options.cancel);

  const DicomdirCheck dicomdir = checkDicomdir(root);
  if (!dicomdir.readable) findings.push_back({FindingKind::NoDicomdir, kMediaDicomdirName, "no readable DICOMDIR at the top of the export"});
  for (const auto& m : dicomdir.missing_files) findings.push_back({FindingKind::DicomdirMissingFile, m, "listed in the DICOMDIR but not present"});
  if (dicomdir.readable)
    for (const auto& u : dicomdir.unlisted_files) findings.push_back({FindingKind::DicomdirUnlistedFile, u, "present but not listed in the DICOMDIR"});
  if (dicomdir.readable && !dicomdir.tree_problem.empty())
    findings.push_back({FindingKind::DicomdirBrokenTree, kMediaDicomdirName, "its records do not form one tree: " + dicomdir.tree_problem});

  // A reference dangles when it points to an instance that the source had but the export lacks.
  // With the key the source instances' new UIDs are known exactly; without it a reference that
  // resolves nowhere in the export can only be noted.
  std::unordered_set<std::string> mapped_source, mapped_left_out;
  if (options.against && options.key) {
    const auto mapper = makeHmacUidMapper(*options.key);
    for (const auto& s : source.sop_instances) mapped_source.insert(mapper->map(s));
    for (const auto& s : options.left_out) mapped_left_out.insert(mapper->map(s));
  }
  std::size_t unresolved = 0, to_left_out = 0;
  for (const auto& r : references) {
    if (out_sops.count(r.uid) || source.uids.count(r.uid)) continue;  // resolves, or already a source-uid finding
    if (mapped_left_out.count(r.uid))
      ++to_left_out;
    else if (mapped_source.count(r.uid))
      findings.push_back({FindingKind::DanglingReference, r.file + " " + r.location, "refers to a source instance that is not in the export"});
    else
      ++unresolved;
  }
  if (to_left_out > 0)
    result.notes.push_back(std::to_string(to_left_out) + " reference(s) point to images left out of the export on purpose");
  if (unresolved > 0)
    result.notes.push_back(std::to_string(unresolved) + " reference(s) point to instances outside the export" +
                           (options.against && options.key ? " that the source did not contain either"
                                                           : " (give --against and the key to tell whether the source had them)"));
  for (const auto& name : verbatim)
    result.notes.push_back(name + " was kept verbatim at the exporter's request (--keep-text): not checked");
  for (const auto& name : unsafe_kept)
    result.notes.push_back("kept on purpose by recipe: " + name + " (\"unsafe\": true; the patient's own value)");
  if (!options.against)
    result.notes.push_back("checked without the source: give --against SOURCE to also look for the source's own identifiers and UIDs");
  // The report beside the export (a folder or a zip) quotes input paths: checked for the
  // source's identifiers too (where anonymize writes it by default).
  if (options.against) {
    const fs::path report = reportPaths(out, fs::path()).first;
    if (fs::exists(report, ec)) {
      for (auto& f : workflow::checkReport(report, source.identifiers)) findings.push_back(std::move(f));
      result.notes.push_back("the report beside the export was checked too: " + report.filename().string());
    }
  }

  std::sort(findings.begin(), findings.end(), [](const VerifyFinding& a, const VerifyFinding& b) {
    // By the kind's token, so the order people read stays alphabetical within a location.
    const std::string ka = toString(a.kind), kb = toString(b.kind);
    return std::tie(a.location, ka, a.detail) < std::tie(b.location, kb, b.detail);
  });
  findings.erase(std::unique(findings.begin(), findings.end(), [](const VerifyFinding& a, const VerifyFinding& b) {
    return a.location == b.location && a.kind == b.kind && a.detail == b.detail;
  }), findings.end());
  result.findings = std::move(findings);
  if (keep_records) {
    // In path order, as a scan of the folder adds them: the same grouping and the same send order.
    std::sort(checked_records.begin(), checked_records.end(),
              [](const InstanceRecord& a, const InstanceRecord& b) { return a.instance.path < b.instance.path; });
    InventoryBuilder builder;
    for (auto& record : checked_records) builder.add(std::move(record));
    result.checked = std::make_shared<const Inventory>(builder.build(root, result.files_checked, true));
  }
  return result;
}

}  // namespace imaging
