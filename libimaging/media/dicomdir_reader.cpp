#include "dicomdir_reader.h"

#include "imaging_bridge/dicom_file.h"

#include <set>
#include <string>

#include "imaging_bridge/dcmtk.h"

namespace imaging::media {
namespace {

std::vector<std::string> splitComponents(const std::string& file_id) {
  std::vector<std::string> parts;
  std::string current;
  for (char c : file_id) {
    if (c == '\\' || c == '/') {
      parts.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  parts.push_back(current);
  // Values are padded with a trailing space to even length.
  for (auto& part : parts)
    while (!part.empty() && part.back() == ' ') part.pop_back();
  return parts;
}

std::filesystem::path relativeTo(const std::filesystem::path& path, const std::filesystem::path& root) {
  std::filesystem::path rel = path.lexically_relative(root);
  return rel.empty() ? path : rel;
}

}  // namespace

DicomdirContents readDicomdir(const std::filesystem::path& dicomdir, const std::filesystem::path& root,
                              CaseInsensitiveResolver& resolver) {
  DicomdirContents contents;
  const std::filesystem::path rel_dicomdir = relativeTo(dicomdir, root);
  bridge::DicomFile file = bridge::DicomFile::open(dicomdir, bridge::ReadDepth::LazyValues);
  DcmSequenceOfItems* records = nullptr;
  if (!file.ok() || file.dataset().findAndGetSequence(DCM_DirectoryRecordSequence, records).bad() ||
      records == nullptr) {
    contents.problems.push_back({rel_dicomdir, ProblemKind::InvalidDicomdir,
                                 !file.ok() ? "cannot read DICOMDIR: " + file.reason()
                                            : std::string("DICOMDIR has no directory records")});
    return contents;
  }
  contents.valid = true;

  const std::filesystem::path base = dicomdir.parent_path();
  std::set<std::string> reported;
  // Each record found from the one before: getItem(i) walks the list from its start (a DICOMDIR of
  // 20 000 records took seconds).
  for (DcmObject* next = records->nextInContainer(nullptr); next != nullptr; next = records->nextInContainer(next)) {
    auto* record = static_cast<DcmItem*>(next);
    const std::string file_id = bridge::getString(*record, DCM_ReferencedFileID);
    if (file_id.empty()) continue;
    const std::vector<std::string> components = splitComponents(file_id);
    if (auto found = resolver.resolve(base, components)) {
      contents.referenced.push_back(*found);
      continue;
    }
    std::filesystem::path listed = relativeTo(base, root);
    for (const auto& component : components) listed /= component;
    listed = listed.lexically_normal();
    if (reported.insert(listed.generic_string()).second)
      contents.problems.push_back({listed, ProblemKind::MissingReferencedFile,
                                   "listed in " + rel_dicomdir.generic_string() + " but not on the medium"});
  }
  return contents;
}

}  // namespace imaging::media
