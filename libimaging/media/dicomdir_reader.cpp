#include "dicomdir_reader.h"

#include "imaging_bridge/dicom_file.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>

#include "imaging_bridge/dcmtk.h"
#include "imaging_bridge/identifying_values.h"

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

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

// One directory record's place in the hierarchy, and what it holds.
struct RecordLinks {
  std::uint64_t offset = 0;
  std::uint32_t next = 0, lower = 0;  // (0004,1400), (0004,1420); 0: none
  std::size_t file = kNone;           // index in the existing files referenced
  std::size_t values = kNone;         // index in the harvested values
};

std::uint32_t offsetOf(DcmItem& record, const DcmTagKey& tag) {
  Uint32 value = 0;
  return record.findAndGetUint32(tag, value, 0, OFFalse).good() ? value : 0;
}

bool isEmpty(const IdentifyingValues& v) { return v.patient.empty() && v.institution.empty() && v.device.empty(); }

bool allAscii(const IdentifyingValues& v) {
  for (const std::vector<std::string>* list : {&v.patient, &v.institution, &v.device})
    for (const std::string& value : *list)
      for (unsigned char c : value)
        if (c >= 0x80 || c == 0x1b) return false;
  return true;
}

bool declaresCharacterSet(DcmItem& record) {
  return record.tagExists(DCM_SpecificCharacterSet, OFFalse) || bridge::hasItemLevelCharacterSet(record);
}

// The harvest of one record, its text in UTF-8 where it declares a character set (as the whole
// DICOMDIR's conversion would convert it); as stored where that fails.
IdentifyingValues harvestRecord(DcmItem& record) {
  if (declaresCharacterSet(record)) bridge::convertSequenceItemToUtf8(record);
  return bridge::collectIdentifyingValues(record);
}

// Each record's parent: the record whose lower-level entity chain (first child, then each one's
// next) holds it. A record already placed ends a chain, so damaged links (loops, two parents)
// cost no more than one pass.
std::vector<std::size_t> parentsOf(const std::vector<RecordLinks>& records) {
  std::unordered_map<std::uint64_t, std::size_t> at_offset;
  for (std::size_t i = 0; i < records.size(); ++i) at_offset.emplace(records[i].offset, i);
  const auto find = [&](std::uint32_t offset) {
    const auto it = offset == 0 ? at_offset.end() : at_offset.find(offset);
    return it == at_offset.end() ? kNone : it->second;
  };
  std::vector<std::size_t> parent(records.size(), kNone);
  for (std::size_t i = 0; i < records.size(); ++i)
    for (std::size_t child = find(records[i].lower); child != kNone && child != i && parent[child] == kNone;
         child = find(records[child].next))
      parent[child] = i;
  return parent;
}

// Which harvested values stand above (or at) each referenced file; the values of every other
// record are unattached.
DicomdirIdentity identityOf(const std::vector<RecordLinks>& records, const std::vector<IdentifyingValues>& values,
                            std::vector<std::filesystem::path>&& referenced) {
  constexpr int kMaxDepth = 16;  // PATIENT > STUDY > SERIES > IMAGE, with room; also ends parent loops
  const std::vector<std::size_t> parent = parentsOf(records);
  DicomdirIdentity identity;
  std::vector<bool> attached(values.size(), false);
  std::map<std::vector<std::size_t>, std::uint32_t> set_of;
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (records[i].file == kNone) continue;
    std::vector<std::size_t> above;
    std::size_t r = i;
    for (int depth = 0; r != kNone && depth < kMaxDepth; ++depth, r = parent[r])
      if (records[r].values != kNone) above.push_back(records[r].values);
    if (above.empty()) continue;
    std::sort(above.begin(), above.end());
    above.erase(std::unique(above.begin(), above.end()), above.end());
    auto [it, added] = set_of.try_emplace(above, static_cast<std::uint32_t>(identity.sets.size()));
    if (added) {
      IdentifyingValues united;
      for (std::size_t v : above) {
        united.merge(values[v]);
        attached[v] = true;
      }
      identity.sets.push_back(std::move(united));
    }
    identity.files.emplace_back(std::move(referenced[records[i].file]), it->second);
  }
  for (std::size_t v = 0; v < values.size(); ++v)
    if (!attached[v]) identity.unattached.merge(values[v]);
  return identity;
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
  std::vector<RecordLinks> links;
  std::vector<IdentifyingValues> values;
  // Records whose text waits for the DICOMDIR's own character set (rare: non-ASCII values in a
  // record that declares none), by index in `links`. The others are harvested and freed at once.
  std::vector<std::pair<std::size_t, std::unique_ptr<DcmItem>>> undecoded;
  std::string charset;
  // One record at a time (the door's walk): DCMTK's tree of a whole DICOMDIR took about 2.3 KiB per
  // record, more than the scan's own records of the files it lists.
  const bridge::DirectoryRecordWalk walk = bridge::forEachDirectoryRecordAt(
      dicomdir,
      [&](DcmItem& record, std::uint64_t offset) {
        RecordLinks& link = links.emplace_back();
        link.offset = offset;
        link.next = offsetOf(record, DCM_OffsetOfTheNextDirectoryRecord);
        link.lower = offsetOf(record, DCM_OffsetOfReferencedLowerLevelDirectoryEntity);
        const bool declares = declaresCharacterSet(record);
        IdentifyingValues harvested = harvestRecord(record);
        if (!declares && !allAscii(harvested)) {
          // Its text is in the DICOMDIR's character set, which follows the records in the file.
          undecoded.emplace_back(links.size() - 1, std::make_unique<DcmItem>(record));
        } else if (!isEmpty(harvested)) {
          link.values = values.size();
          values.push_back(std::move(harvested));
        }
        const std::string file_id = bridge::getString(record, DCM_ReferencedFileID);
        if (file_id.empty()) return;
        const std::vector<std::string> components = splitComponents(file_id);
        if (auto found = resolver.resolve(base, components)) {
          link.file = referenced.size();
          referenced.push_back(*found);
          return;
        }
        std::filesystem::path listed = relativeTo(base, root);
        for (const auto& component : components) listed /= component;
        listed = listed.lexically_normal();
        if (reported.insert(listed.generic_string()).second)
          missing.push_back({listed, ProblemKind::MissingReferencedFile,
                             "listed in " + rel_dicomdir.generic_string() + " but not on the medium"});
      },
      [&](DcmMetaInfo&, DcmDataset&, DcmDataset& after_records) {
        charset = bridge::getString(after_records, DCM_SpecificCharacterSet);
      });
  if (!walk.ok) {  // nothing of a DICOMDIR that cannot be read whole is used
    contents.problems.push_back({rel_dicomdir, ProblemKind::InvalidDicomdir,
                                 walk.no_record_sequence ? std::string("DICOMDIR has no directory records")
                                                                          : "cannot read DICOMDIR: " + walk.reason});
    return contents;
  }
  contents.valid = true;
  for (auto& [index, record] : undecoded) {
    // Converted as the whole DICOMDIR's conversion would convert it: from the DICOMDIR's set.
    if (!charset.empty()) record->putAndInsertString(DCM_SpecificCharacterSet, charset.c_str());
    IdentifyingValues harvested = harvestRecord(*record);
    if (isEmpty(harvested)) continue;
    links[index].values = values.size();
    values.push_back(std::move(harvested));
  }
  contents.identity = identityOf(links, values, std::move(referenced));
  contents.problems = std::move(missing);
  return contents;
}

DicomdirIdentities::DicomdirIdentities(std::vector<DicomdirIdentity> identities) {
  sets_.reserve(identities.size());
  for (std::size_t d = 0; d < identities.size(); ++d) {
    unattached_.merge(identities[d].unattached);
    for (const auto& [file, set] : identities[d].files) {
      sets_of_file_[file.path().lexically_normal().native()].emplace_back(d, set);
      unmatched_.emplace(d, set);
    }
    sets_.push_back(std::move(identities[d].sets));
  }
}

void DicomdirIdentities::mergeFor(const FilePath& file, IdentifyingValues& into) {
  if (sets_of_file_.empty()) return;  // no DICOMDIR: no path to normalise
  const auto it = sets_of_file_.find(file.path().lexically_normal().native());
  if (it == sets_of_file_.end()) return;
  for (const SetId& set : it->second) {
    into.merge(sets_[set.first][set.second]);
    unmatched_.erase(set);
  }
}

IdentifyingValues DicomdirIdentities::forEveryone() const {
  IdentifyingValues everyone = unattached_;
  for (const auto& [d, set] : unmatched_) everyone.merge(sets_[d][set]);
  return everyone;
}

void addDicomdirIdentity(Inventory& inventory, std::vector<DicomdirIdentity> identities) {
  DicomdirIdentities index(std::move(identities));
  // A set met twice for one patient is merged twice: a union, so no different.
  for (Patient& patient : inventory.patients)
    for (const Study& study : patient.studies)
      for (const Series& series : study.series)
        for (const Instance& instance : series.instances) index.mergeFor(instance.path, patient.identifying_values);
  const IdentifyingValues everyone = index.forEveryone();
  if (isEmpty(everyone)) return;
  for (Patient& patient : inventory.patients) patient.identifying_values.merge(everyone);
}

}  // namespace imaging::media
