// scanshare reidentify: walks a de-identified export, finds each file's entry in the mapping by its
// SOP Instance UID as written, and writes the restored copy atomically (then a new DICOMDIR).
#include "imaging/workflow/reidentify.h"

#include <cctype>
#include <map>
#include <set>
#include <string>
#include <system_error>

#include "imaging/core/error.h"
#include "imaging/media/scan.h"
#include "imaging/writer/atomic_output.h"
#include "imaging/writer/dicomdir.h"
#include "reidentify_file.h"

namespace imaging {
namespace {

namespace fs = std::filesystem;

struct Where {
  const MappingPatient* patient;
  const MappingStudy* study;
};

bool isDicomdir(const fs::path& p) {
  std::string name = p.filename().string();
  for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name == "DICOMDIR";
}

ReidentifyResult writeRestored(AtomicOutput& output, const Inventory& exported, const fs::path& root, const ReidMapping& mapping,
                               const std::map<std::string, Where>& by_sop, const std::map<std::string, std::string>& uids) {
  ReidentifyResult result;
  result.output = output.target();
  std::set<fs::path> instances;
  exported.forEachInstance([&](const Patient&, const Study&, const Series&, const Instance& in) { instances.insert(in.path); });
  const bool shift = mapping.date_mode == "shift";
  exported.forEachInstance([&](const Patient&, const Study&, const Series&, const Instance& in) {
    const fs::path target = output.staging() / in.path.lexically_relative(root);
    fs::create_directories(target.parent_path());
    const auto where = by_sop.find(in.sop_instance_uid);
    if (where == by_sop.end()) {
      fs::copy_file(in.path, target);
      ++result.unmatched;
    } else {
      workflow::Restoration r{where->second.patient, where->second.study,
                              shift && where->second.patient->date_offset_days != 0, &uids};
      workflow::restoreFile(in.path, target, r);
      ++result.restored;
    }
    output.fileWritten(target);
  });
  // Whatever else the export holds (not DICOM, not a DICOMDIR) travels unchanged.
  std::error_code ec;
  for (fs::recursive_directory_iterator it(root, ec), end; it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec) || instances.count(it->path()) || isDicomdir(it->path())) continue;
    const fs::path target = output.staging() / it->path().lexically_relative(root);
    fs::create_directories(target.parent_path());
    fs::copy_file(it->path(), target);
    ++result.other_files;
  }
  writeDicomdir(output.staging(), UnlistablePolicy::Throw);
  output.commit();
  return result;
}

}  // namespace

ReidentifyResult reidentifyExport(const fs::path& export_path, const ReidMapping& mapping, const fs::path& out) {
  if (mapping.version < 2)
    throw Error(ErrorCode::Unsupported,
                "this mapping has format version " + std::to_string(mapping.version) +
                    ", without series and instance UIDs: re-identification needs a version 2 mapping (export again with anonymize --mapping)");
  std::map<std::string, Where> by_sop;          // SOP Instance UID as written -> its patient and study
  std::map<std::string, std::string> uids;      // every new UID -> the source's
  for (const MappingPatient& p : mapping.patients)
    for (const MappingStudy& st : p.studies) {
      uids[st.new_uid] = st.source_uid;
      for (const MappingSeries& se : st.series) {
        uids[se.new_uid] = se.source_uid;
        for (const MappingInstance& in : se.instances) {
          uids[in.new_uid] = in.source_uid;
          by_sop[in.new_uid] = {&p, &st};
        }
      }
    }

  const Inventory exported = scan(export_path);
  const fs::path root = exported.files_root.empty() ? export_path : exported.files_root;
  std::size_t matched = 0;
  exported.forEachInstance([&](const Patient&, const Study&, const Series&, const Instance& in) {
    matched += by_sop.count(in.sop_instance_uid);
  });
  if (matched == 0)
    throw Error(ErrorCode::InvalidArgument, "the mapping describes no file of this export (a mapping of another export?)",
                export_path.string());

  AtomicOutput output(out, export_path, OutputKind::Folder);
  try {
    return writeRestored(output, exported, root, mapping, by_sop, uids);
  } catch (const fs::filesystem_error& e) {
    throw Error(ErrorCode::Io, std::string("cannot write the restored copy: ") + e.code().message(), out.string());
  }
}

}  // namespace imaging
