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
// back byte for byte.
constexpr int kVersion = 2;

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
          {"image_type", i.image_type}, {"position", optionalArray(i.image_position)},
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
  i.image_position = readArray<3>(j.at("position"));
  i.image_orientation = readArray<6>(j.at("orientation"));
  i.pixel_spacing = readArray<2>(j.at("spacing"));
  if (!j.at("thickness").is_null()) i.slice_thickness = j.at("thickness").get<double>();
  i.file_size = j.at("size");
  return i;
}

json toJson(const Inventory& inv) {
  json patients = json::array();
  for (const Patient& p : inv.patients) {
    json studies = json::array();
    for (const Study& st : p.studies) {
      json series = json::array();
      for (const Series& se : st.series) {
        json instances = json::array();
        for (const Instance& i : se.instances) instances.push_back(toJson(i));
        series.push_back({{"uid", se.series_instance_uid}, {"modality", se.modality}, {"number", se.number},
                          {"description", se.description}, {"body_part", se.body_part}, {"laterality", se.laterality},
                          {"frame_of_reference", se.frame_of_reference_uid}, {"instances", instances}});
      }
      studies.push_back({{"uid", st.study_instance_uid}, {"date", st.date}, {"time", st.time},
                         {"description", st.description}, {"accession", st.accession_number},
                         {"referring", st.referring_physician}, {"series", series}});
    }
    const IdentifyingValues& v = p.identifying_values;
    patients.push_back({{"name", p.name}, {"id", p.id}, {"issuer", p.issuer_of_id}, {"birth_date", p.birth_date},
                        {"sex", p.sex}, {"studies", studies},
                        {"identifying", {{"patient", v.patient}, {"institution", v.institution}, {"device", v.device}}}});
  }
  json problems = json::array();
  for (const Problem& pr : inv.problems)
    problems.push_back({{"path", pr.path.string()}, {"kind", static_cast<int>(pr.kind)}, {"reason", pr.reason}});
  return {{"kind", kKind}, {"version", kVersion}, {"root", inv.root.string()}, {"files_root", inv.files_root.string()},
          {"files_scanned", inv.files_scanned}, {"dicom_files", inv.dicom_files}, {"used_dicomdir", inv.used_dicomdir},
          {"patients", patients}, {"problems", problems}};
}

Inventory inventoryFrom(const json& j) {
  Inventory inv;
  inv.root = j.at("root").get<std::string>();
  inv.files_root = j.at("files_root").get<std::string>();
  inv.files_scanned = j.at("files_scanned");
  inv.dicom_files = j.at("dicom_files");
  inv.used_dicomdir = j.at("used_dicomdir");
  for (const json& pj : j.at("patients")) {
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
    for (const json& sj : pj.at("studies")) {
      Study st;
      st.study_instance_uid = sj.at("uid");
      st.date = sj.at("date");
      st.time = sj.at("time");
      st.description = sj.at("description");
      st.accession_number = sj.at("accession");
      st.referring_physician = sj.at("referring");
      for (const json& ej : sj.at("series")) {
        Series se;
        se.series_instance_uid = ej.at("uid");
        se.modality = ej.at("modality");
        se.number = ej.at("number");
        se.description = ej.at("description");
        se.body_part = ej.at("body_part");
        se.laterality = ej.at("laterality");
        se.frame_of_reference_uid = ej.at("frame_of_reference");
        for (const json& ij : ej.at("instances")) se.instances.push_back(instanceFrom(ij));
        st.series.push_back(std::move(se));
      }
      p.studies.push_back(std::move(st));
    }
    inv.patients.push_back(std::move(p));
  }
  for (const json& pr : j.at("problems"))
    inv.problems.push_back({pr.at("path").get<std::string>(), static_cast<ProblemKind>(pr.at("kind").get<int>()),
                            pr.at("reason").get<std::string>()});
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
  json j = toJson(inventory);
  j["input"] = resolvedPath(inventory.root).string();
  const std::vector<std::uint8_t> cbor = json::to_cbor(j);
  writeSealedMapping(file, key, std::string(cbor.begin(), cbor.end()));
}

Inventory readScanPlan(const std::filesystem::path& file, const Key& key, const std::filesystem::path& input) {
  json j;
  try {
    const std::string payload = openSealedMapping(file, key);
    j = json::from_cbor(payload.begin(), payload.end());
    if (j.value("kind", "") != kKind) throw Error(ErrorCode::Corrupt, "not a scan plan", file.string());
    if (j.value("version", 0) != kVersion) throw Error(ErrorCode::Unsupported, "scan plan of another version", file.string());
  } catch (const json::exception&) {
    throw Error(ErrorCode::Corrupt, "not a scan plan", file.string());
  }
  if (j.value("input", "") != resolvedPath(input).string())
    throw Error(ErrorCode::InvalidArgument, "this plan was made from another input; make it again with scanshare plan",
                file.string());
  Inventory inventory;
  try {
    inventory = inventoryFrom(j);
  } catch (const json::exception&) {
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
