#include "imaging/workflow/verify.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <mutex>
#include <set>
#include <system_error>
#include <unordered_set>

#include "charset_encode.h"
#include "dataset_walk.h"
#include "identifier_match.h"
#include "imaging/core/error.h"
#include "imaging/core/temp_dir.h"
#include "imaging/deid/deidentifier.h"
#include "imaging/deid/parts.h"
#include "imaging/media/scan.h"
#include "imaging/writer/dicomdir.h"
#include "imaging/writer/media_layout.h"
#include "imaging/writer/zip_archive.h"
#include "imaging_bridge/dcmtk.h"
#include "parallel.h"
#include "work_plan.h"

namespace fs = std::filesystem;

namespace imaging {
namespace {

using workflow::VisitedValue;

// UIDs that name classes, syntaxes and implementations rather than patients' data: never
// mapped by de-identification, so never compared with the source.
bool isClassUidTag(const DcmTagKey& t) {
  static const DcmTagKey tags[] = {DCM_MediaStorageSOPClassUID, DCM_TransferSyntaxUID, DCM_ImplementationClassUID,
                                   DCM_SOPClassUID, DCM_ReferencedSOPClassUID, DCM_ReferencedSOPClassUIDInFile,
                                   DCM_ReferencedTransferSyntaxUIDInFile, DCM_CodingSchemeUID,
                                   DCM_ContextGroupExtensionCreatorUID, DCM_MappingResourceUID,
                                   DCM_RelatedGeneralSOPClassUID, DCM_OriginalSpecializedSOPClassUID,
                                   DCM_SOPClassesInStudy, DCM_PrivateRecordUID};
  return std::find(std::begin(tags), std::end(tags), t) != std::end(tags);
}

bool isStandardUid(const std::string& uid) { return uid.rfind("1.2.840.10008.", 0) == 0; }

std::vector<std::string> splitValues(const std::string& v) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= v.size()) {
    const std::size_t end = std::min(v.find('\\', start), v.size());
    std::string part = v.substr(start, end - start);
    while (!part.empty() && (part.back() == ' ' || part.back() == '\0')) part.pop_back();
    if (!part.empty()) out.push_back(part);
    start = end + 1;
  }
  return out;
}

bool isNumericVr(DcmEVR vr) { return vr == EVR_IS || vr == EVR_DS; }

struct SourceFacts {
  std::vector<std::string> identifiers;       // UTF-8, usable
  std::vector<std::string> byte_patterns;     // identifiers in UTF-8 and the source encodings
  std::unordered_set<std::string> uids;       // non-class UIDs of the source
  std::vector<std::string> sop_instances;
};

SourceFacts collectSource(const fs::path& against, unsigned jobs) {
  ScanOptions scan_options;
  scan_options.threads = jobs;
  const Inventory inventory = scan(against, scan_options);
  std::vector<const Instance*> instances;
  inventory.forEachInstance([&](const Patient&, const Study&, const Series&, const Instance& i) { instances.push_back(&i); });
  std::mutex mutex;
  std::set<std::string> ids, patterns;
  SourceFacts facts;
  for (const auto& p : inventory.patients) {
    const auto m = workflow::modelIdentifiers(p);
    ids.insert(m.begin(), m.end());
  }
  workflow::parallelFor(instances.size(), jobs, nullptr, [&](std::size_t k) {
    const Instance& in = *instances[k];
    std::vector<std::string> harvested = harvestIdentifiers(in.path);
    std::vector<std::string> encoded;
    for (const auto& id : harvested) {
      const auto e = workflow::sourceEncodings(id, in.specific_character_set);
      encoded.insert(encoded.end(), e.begin(), e.end());
    }
    std::vector<std::string> uids;
    DcmFileFormat file;
    if (file.loadFile(in.path.c_str()).good()) {
      auto collect = [&](const VisitedValue& v) {
        if (v.vr != EVR_UI || isClassUidTag(v.tag)) return;
        for (auto& u : splitValues(v.value))
          if (!isStandardUid(u)) uids.push_back(u);
      };
      workflow::visitStrings(*file.getMetaInfo(), collect);
      workflow::visitStrings(*file.getDataset(), collect);
    }
    std::lock_guard<std::mutex> lock(mutex);
    ids.insert(harvested.begin(), harvested.end());
    patterns.insert(encoded.begin(), encoded.end());
    facts.uids.insert(uids.begin(), uids.end());
    facts.sop_instances.push_back(in.sop_instance_uid);
  });
  facts.identifiers = workflow::normalizeIdentifiers({ids.begin(), ids.end()});
  std::vector<std::string> all_patterns(facts.identifiers);
  all_patterns.insert(all_patterns.end(), patterns.begin(), patterns.end());
  facts.byte_patterns = workflow::normalizeIdentifiers(std::move(all_patterns));
  return facts;
}

std::string readFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Bytes before the Pixel Data element (little or big endian tag), where every text lives. Random
// pixel bytes would match short identifiers by chance; long ones are searched in the whole file.
std::string_view headerBytes(const std::string& bytes) {
  std::size_t pos = bytes.find(std::string("\xE0\x7F\x10\x00", 4));
  const std::size_t big = bytes.find(std::string("\x7F\xE0\x00\x10", 4));
  pos = std::min(pos, big);
  return std::string_view(bytes).substr(0, pos == std::string::npos ? bytes.size() : pos);
}

constexpr std::size_t kWholeFilePatternLength = 8;

struct Reference {
  std::string file, location, uid;
};

}  // namespace

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
    source = collectSource(*options.against, jobs);
    result.source_identifiers = source.identifiers.size();
    result.source_uids = source.uids.size();
  }

  std::vector<fs::path> files;
  for (fs::recursive_directory_iterator it(root, ec), end; it != end; it.increment(ec)) {
    if (ec) break;
    if (it->is_regular_file(ec)) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  result.files_checked = files.size();

  std::mutex mutex;
  std::vector<VerifyFinding> findings;
  std::vector<Reference> references;
  std::unordered_set<std::string> out_sops;
  auto add = [&](std::string kind, std::string location, std::string detail) {
    std::lock_guard<std::mutex> lock(mutex);
    findings.push_back({std::move(kind), std::move(location), std::move(detail)});
  };
  auto describe = [](const std::string& id) { return "a source identifier (" + std::to_string(id.size()) + " bytes)"; };

  workflow::parallelFor(files.size(), jobs, nullptr, [&](std::size_t k) {
    const fs::path& file = files[k];
    const std::string rel = file.lexically_relative(root).generic_string();
    const bool is_dicomdir = rel == kMediaDicomdirName;
    for (const auto& component : file.lexically_relative(root)) {
      const int hit = workflow::findAnyIdentifier(component.string(), source.identifiers);
      if (hit >= 0) add("identifier-in-path", rel, describe(source.identifiers[hit]) + " in a file or folder name");
    }
    if (!source.byte_patterns.empty()) {
      const std::string bytes = readFile(file);
      const std::string_view header = headerBytes(bytes);
      for (const auto& pattern : source.byte_patterns) {
        const std::string_view where = pattern.size() >= kWholeFilePatternLength ? std::string_view(bytes) : header;
        if (workflow::containsIdentifier(where, pattern)) add("identifier-in-bytes", rel, describe(pattern) + " in the raw bytes");
      }
    }
    DcmFileFormat dcm;
    if (dcm.loadFile(file.c_str()).bad()) {
      add("not-dicom", rel, "not a readable DICOM file");
      return;
    }
    DcmDataset& dataset = *dcm.getDataset();
    bridge::convertDatasetToUtf8(dataset);
    std::vector<Reference> refs;
    auto check = [&](const VisitedValue& v) {
      if (v.vr == EVR_UI) {
        if (isClassUidTag(v.tag)) return;
        for (const auto& u : splitValues(v.value)) {
          if (source.uids.count(u)) add("source-uid", rel + " " + v.location, "a UID of the source survives");
          if (v.tag == DCM_ReferencedSOPInstanceUID) refs.push_back({rel, v.location, u});
        }
        return;
      }
      if (isNumericVr(v.vr)) return;
      const int hit = workflow::findAnyIdentifier(v.value, source.identifiers);
      if (hit >= 0) add("identifier-in-value", rel + " " + v.location, describe(source.identifiers[hit]));
      if (v.vr == EVR_LT || v.vr == EVR_ST || v.vr == EVR_UT || v.vr == EVR_LO || v.vr == EVR_UC)
        for (const auto& u : source.uids)
          if (u.size() >= 10 && v.value.find(u) != std::string::npos) {
            add("source-uid", rel + " " + v.location, "a UID of the source survives in text");
            break;
          }
    };
    workflow::visitStrings(*dcm.getMetaInfo(), check);
    workflow::visitStrings(dataset, check);
    std::lock_guard<std::mutex> lock(mutex);
    if (!is_dicomdir) {
      const std::string sop = bridge::getString(dataset, DCM_SOPInstanceUID);
      if (!sop.empty()) out_sops.insert(sop);
      std::string removed = bridge::getString(dataset, DCM_PatientIdentityRemoved);
      while (!removed.empty() && removed.back() == ' ') removed.pop_back();
      if (removed != "YES")
        findings.push_back({"identity-not-removed", rel, "Patient Identity Removed (0012,0062) is not YES"});
    }
    references.insert(references.end(), refs.begin(), refs.end());
  });

  const DicomdirCheck dicomdir = checkDicomdir(root);
  if (!dicomdir.readable) findings.push_back({"no-dicomdir", kMediaDicomdirName, "no readable DICOMDIR at the top of the export"});
  for (const auto& m : dicomdir.missing_files) findings.push_back({"dicomdir-missing-file", m, "listed in the DICOMDIR but not present"});
  if (dicomdir.readable)
    for (const auto& u : dicomdir.unlisted_files) findings.push_back({"dicomdir-unlisted-file", u, "present but not listed in the DICOMDIR"});

  // A reference dangles when it points to an instance that the source had but the export lacks.
  // With the key the source instances' new UIDs are known exactly; without it a reference that
  // resolves nowhere in the export can only be noted.
  std::unordered_set<std::string> mapped_source;
  if (options.against && options.key) {
    const auto mapper = makeHmacUidMapper(*options.key);
    for (const auto& s : source.sop_instances) mapped_source.insert(mapper->map(s));
  }
  std::size_t unresolved = 0;
  for (const auto& r : references) {
    if (out_sops.count(r.uid) || source.uids.count(r.uid)) continue;  // resolves, or already a source-uid finding
    if (mapped_source.count(r.uid))
      findings.push_back({"dangling-reference", r.file + " " + r.location, "refers to a source instance that is not in the export"});
    else
      ++unresolved;
  }
  if (unresolved > 0)
    result.notes.push_back(std::to_string(unresolved) + " reference(s) point to instances outside the export" +
                           (options.against && options.key ? " that the source did not contain either"
                                                           : " (give --against and the key to tell whether the source had them)"));
  if (!options.against) result.notes.push_back("structural checks only: give --against SOURCE to look for surviving identifiers and UIDs");

  std::sort(findings.begin(), findings.end(), [](const VerifyFinding& a, const VerifyFinding& b) {
    return std::tie(a.location, a.kind, a.detail) < std::tie(b.location, b.kind, b.detail);
  });
  findings.erase(std::unique(findings.begin(), findings.end(), [](const VerifyFinding& a, const VerifyFinding& b) {
    return a.location == b.location && a.kind == b.kind && a.detail == b.detail;
  }), findings.end());
  result.findings = std::move(findings);
  return result;
}

}  // namespace imaging
