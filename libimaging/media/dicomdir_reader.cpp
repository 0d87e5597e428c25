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
  const std::filesystem::path base = dicomdir.parent_path();
  std::set<std::string> reported;
  std::vector<std::filesystem::path> referenced;
  std::vector<Problem> missing;
  // One record at a time (the door's walk): DCMTK's tree of a whole DICOMDIR took about 2.3 KiB per
  // record, more than the scan's own records of the files it lists.
  const bridge::DirectoryRecordWalk walk = bridge::forEachDirectoryRecord(dicomdir, [&](DcmItem& record) {
    const std::string file_id = bridge::getString(record, DCM_ReferencedFileID);
    if (file_id.empty()) return;
    const std::vector<std::string> components = splitComponents(file_id);
    if (auto found = resolver.resolve(base, components)) {
      referenced.push_back(*found);
      return;
    }
    std::filesystem::path listed = relativeTo(base, root);
    for (const auto& component : components) listed /= component;
    listed = listed.lexically_normal();
    if (reported.insert(listed.generic_string()).second)
      missing.push_back({listed, ProblemKind::MissingReferencedFile,
                         "listed in " + rel_dicomdir.generic_string() + " but not on the medium"});
  });
  if (!walk.ok) {  // nothing of a DICOMDIR that cannot be read whole is used
    contents.problems.push_back({rel_dicomdir, ProblemKind::InvalidDicomdir,
                                 walk.no_record_sequence ? std::string("DICOMDIR has no directory records")
                                                                          : "cannot read DICOMDIR: " + walk.reason});
    return contents;
  }
  contents.valid = true;
  contents.referenced = std::move(referenced);
  contents.problems = std::move(missing);
  return contents;
}

}  // namespace imaging::media
