#include "imaging/workflow/scan_plan.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <system_error>
#include <vector>

#include "imaging/core/error.h"
#include "imaging/workflow/sealed_mapping.h"

namespace imaging {
namespace {

using nlohmann::json;
constexpr const char* kKind = "scanshare-scan-plan";
// Version 2: the sealed payload is CBOR, not JSON text, because paths and values read from a disk
// need not be UTF-8 (a Latin-1 file name made version 1 fail with an internal error) and must come
// back byte for byte. Version 3: a sequence of small CBOR records (header, then each patient,
// study, series and instance in order, then the problems), each after its 4-byte length, written
// and read one at a time: version 2's one document was held whole as a JSON tree on both sides
// (8 KiB a file; `plan` of 20 000 files peaked at 167 MiB).
constexpr int kVersion = 3;
// The payload's first bytes: a version 2 payload (a CBOR map) never starts with them.
// 4: instances carry Photometric Interpretation (the burned-in rules read it); a plan of 3 lacks it.
constexpr char kMagic[] = "SCANSHARE-PLAN-4";
constexpr std::size_t kMagicSize = sizeof kMagic - 1;

template <std::size_t N>
json optionalArray(const std::optional<std::array<double, N>>& a) {
  return a ? json(*a) : json(nullptr);
}
template <std::size_t N>
std::optional<std::array<double, N>> readArray(const json& j) {
  if (j.is_null()) return std::nullopt;
  return j.get<std::array<double, N>>();
}

json toJson(const Instance& i) {
  return {{"path", i.path.string()}, {"sop", i.sop_instance_uid}, {"class", i.sop_class_uid},
          {"syntax", i.transfer_syntax_uid}, {"charset", i.specific_character_set}, {"number", i.instance_number},
          {"rows", i.rows}, {"columns", i.columns}, {"frames", i.number_of_frames}, {"pixels", i.has_pixel_data},
          {"burned_in", i.burned_in_annotation}, {"identity_removed", i.patient_identity_removed},
          {"image_type", i.image_type}, {"photometric", i.photometric_interpretation}, {"position", optionalArray(i.image_position)},
          {"orientation", optionalArray(i.image_orientation)}, {"spacing", optionalArray(i.pixel_spacing)},
          {"thickness", i.slice_thickness ? json(*i.slice_thickness) : json(nullptr)}, {"size", i.file_size}};
}

Instance instanceFrom(const json& j) {
  Instance i;
  i.path = j.at("path").get<std::string>();
  i.sop_instance_uid = j.at("sop");
  i.sop_class_uid = j.at("class");
  i.transfer_syntax_uid = j.at("syntax");
  i.specific_character_set = j.at("charset");
  i.instance_number = j.at("number");
  i.rows = j.at("rows");
  i.columns = j.at("columns");
  i.number_of_frames = j.at("frames");
  i.has_pixel_data = j.at("pixels");
  i.burned_in_annotation = j.at("burned_in");
  i.patient_identity_removed = j.at("identity_removed");
  i.image_type = j.at("image_type");
  i.photometric_interpretation = j.at("photometric");
  i.image_position = readArray<3>(j.at("position"));
  i.image_orientation = readArray<6>(j.at("orientation"));
  i.pixel_spacing = readArray<2>(j.at("spacing"));
  if (!j.at("thickness").is_null()) i.slice_thickness = j.at("thickness").get<double>();
  i.file_size = j.at("size");
  return i;
}

// Appends records to the payload, each as its length (4 bytes, little endian) and its CBOR.
class RecordWriter {
 public:
  RecordWriter() { payload_.append(kMagic, kMagicSize); }
  void add(const json& record) {
    const std::vector<std::uint8_t> cbor = json::to_cbor(record);
    const std::uint32_t n = static_cast<std::uint32_t>(cbor.size());
    for (int shift = 0; shift < 32; shift += 8) payload_.push_back(static_cast<char>((n >> shift) & 0xFF));
    payload_.append(cbor.begin(), cbor.end());
  }
  std::string& payload() { return payload_; }

 private:
  std::string payload_;
};

// A payload whose records do not add up (cut, or more than announced).
struct PlanDamaged {};

// Reads them back in order; throws json::exception (from_cbor's) or PlanDamaged on a damaged payload.
class RecordReader {
 public:
  explicit RecordReader(const std::string& payload) : payload_(payload), at_(kMagicSize) {}
  static bool startsWithMagic(const std::string& payload) { return payload.compare(0, kMagicSize, kMagic) == 0; }
  json next() {
    if (payload_.size() - at_ < 4) throw PlanDamaged{};
    std::uint32_t n = 0;
    for (int i = 3; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(payload_[at_ + static_cast<std::size_t>(i)]);
    at_ += 4;
    if (payload_.size() - at_ < n) throw PlanDamaged{};
    json record = json::from_cbor(payload_.begin() + static_cast<std::ptrdiff_t>(at_),
                                  payload_.begin() + static_cast<std::ptrdiff_t>(at_ + n));
    at_ += n;
    return record;
  }
  bool atEnd() const { return at_ == payload_.size(); }

 private:
  const std::string& payload_;
  std::size_t at_;
};

void writeInventory(const Inventory& inv, const std::string& input, RecordWriter& out) {
  out.add({{"kind", kKind}, {"version", kVersion}, {"input", input}, {"root", inv.root.string()},
           {"files_root", inv.files_root.string()}, {"files_scanned", inv.files_scanned},
           {"dicom_files", inv.dicom_files}, {"used_dicomdir", inv.used_dicomdir},
           {"patients", inv.patients.size()}, {"problems", inv.problems.size()}});
  for (const Patient& p : inv.patients) {
    const IdentifyingValues& v = p.identifying_values;
    out.add({{"name", p.name}, {"id", p.id}, {"issuer", p.issuer_of_id}, {"birth_date", p.birth_date}, {"sex", p.sex},
             {"studies", p.studies.size()},
             {"identifying", {{"patient", v.patient}, {"institution", v.institution}, {"device", v.device}}}});
    for (const Study& st : p.studies) {
      out.add({{"uid", st.study_instance_uid}, {"date", st.date}, {"time", st.time}, {"description", st.description},
               {"accession", st.accession_number}, {"referring", st.referring_physician}, {"series", st.series.size()}});
      for (const Series& se : st.series) {
        out.add({{"uid", se.series_instance_uid}, {"modality", se.modality}, {"number", se.number},
                 {"description", se.description}, {"body_part", se.body_part}, {"laterality", se.laterality},
                 {"frame_of_reference", se.frame_of_reference_uid}, {"instances", se.instances.size()}});
        for (const Instance& i : se.instances) out.add(toJson(i));
      }
    }
  }
  for (const Problem& pr : inv.problems)
    out.add({{"path", pr.path.string()}, {"kind", static_cast<int>(pr.kind)}, {"reason", pr.reason}});
}

// How many records of a kind follow, as the record before said: bounded by what the payload can hold.
std::size_t countOf(const json& record, const char* field) { return record.at(field).get<std::size_t>(); }

Inventory readInventory(const json& header, RecordReader& in) {
  Inventory inv;
  inv.root = header.at("root").get<std::string>();
  inv.files_root = header.at("files_root").get<std::string>();
  inv.files_scanned = header.at("files_scanned");
  inv.dicom_files = header.at("dicom_files");
  inv.used_dicomdir = header.at("used_dicomdir");
  for (std::size_t np = countOf(header, "patients"); np > 0; --np) {
    const json pj = in.next();
    Patient p;
    p.name = pj.at("name");
    p.id = pj.at("id");
    p.issuer_of_id = pj.at("issuer");
    p.birth_date = pj.at("birth_date");
    p.sex = pj.at("sex");
    const json& v = pj.at("identifying");
    p.identifying_values.patient = v.at("patient").get<std::vector<std::string>>();
    p.identifying_values.institution = v.at("institution").get<std::vector<std::string>>();
    p.identifying_values.device = v.at("device").get<std::vector<std::string>>();
    for (std::size_t nst = countOf(pj, "studies"); nst > 0; --nst) {
      const json sj = in.next();
      Study st;
      st.study_instance_uid = sj.at("uid");
      st.date = sj.at("date");
      st.time = sj.at("time");
      st.description = sj.at("description");
      st.accession_number = sj.at("accession");
      st.referring_physician = sj.at("referring");
      for (std::size_t nse = countOf(sj, "series"); nse > 0; --nse) {
        const json ej = in.next();
        Series se;
        se.series_instance_uid = ej.at("uid");
        se.modality = ej.at("modality");
        se.number = ej.at("number");
        se.description = ej.at("description");
        se.body_part = ej.at("body_part");
        se.laterality = ej.at("laterality");
        se.frame_of_reference_uid = ej.at("frame_of_reference");
        for (std::size_t ni = countOf(ej, "instances"); ni > 0; --ni) se.instances.push_back(instanceFrom(in.next()));
        st.series.push_back(std::move(se));
      }
      p.studies.push_back(std::move(st));
    }
    inv.patients.push_back(std::move(p));
  }
  for (std::size_t n = countOf(header, "problems"); n > 0; --n) {
    const json pr = in.next();
    inv.problems.push_back({pr.at("path").get<std::string>(), static_cast<ProblemKind>(pr.at("kind").get<int>()),
                            pr.at("reason").get<std::string>()});
  }
  if (!in.atEnd()) throw PlanDamaged{};  // more records than it says
  return inv;
}

std::filesystem::path resolvedPath(const std::filesystem::path& p) {
  std::error_code ec;
  const auto c = std::filesystem::weakly_canonical(p, ec);
  return ec ? p : c;
}

}  // namespace

void writeScanPlan(const std::filesystem::path& file, const Key& key, const Inventory& inventory) {
  if (inventory.keep_alive)
    throw Error(ErrorCode::InvalidArgument,
                "a plan is for a folder or DICOMDIR input: a zip or CD image is unpacked anew by each task");
  // Outside the input: every task would otherwise find it there as a file that is not DICOM.
  const std::string root = resolvedPath(inventory.root).string(), target = resolvedPath(file).string();
  if (target.rfind(root + "/", 0) == 0)
    throw Error(ErrorCode::InvalidArgument, "the plan must lie outside the input", file.string());
  RecordWriter records;
  writeInventory(inventory, resolvedPath(inventory.root).string(), records);
  writeSealedMapping(file, key, records.payload());
}

Inventory readScanPlan(const std::filesystem::path& file, const Key& key, const std::filesystem::path& input) {
  const std::string payload = openSealedMapping(file, key);
  if (!RecordReader::startsWithMagic(payload))
    throw Error(ErrorCode::Unsupported, "scan plan of another version; make it again with scanshare plan", file.string());
  RecordReader records(payload);
  json header;
  try {
    header = records.next();
  } catch (const json::exception&) {
    throw Error(ErrorCode::Corrupt, "not a scan plan", file.string());
  } catch (const PlanDamaged&) {
    throw Error(ErrorCode::Corrupt, "not a scan plan", file.string());
  }
  if (!header.is_object() || header.value("kind", "") != kKind) throw Error(ErrorCode::Corrupt, "not a scan plan", file.string());
  if (header.value("version", 0) != kVersion) throw Error(ErrorCode::Unsupported, "scan plan of another version", file.string());
  if (header.value("input", "") != resolvedPath(input).string())
    throw Error(ErrorCode::InvalidArgument, "this plan was made from another input; make it again with scanshare plan",
                file.string());
  Inventory inventory;
  try {
    inventory = readInventory(header, records);
  } catch (const json::exception&) {
    throw Error(ErrorCode::Corrupt, "scan plan damaged", file.string());
  } catch (const PlanDamaged&) {
    throw Error(ErrorCode::Corrupt, "scan plan damaged", file.string());
  }
  // The input must be as it was: every instance still there with the same size.
  inventory.forEachInstance([&](const Patient&, const Study&, const Series&, const Instance& in) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(in.path, ec);
    if (ec || size != in.file_size)
      throw Error(ErrorCode::InvalidArgument, "the input changed since this plan was made; make it again with scanshare plan",
                  file.string());
  });
  return inventory;
}

}  // namespace imaging
