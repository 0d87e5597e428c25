#include "inventory_text.h"

#include <sstream>

#include "imaging/media/scan.h"
#include "imaging_bridge/plain_dataset.h"

namespace inventory_text {
namespace {

void put(std::ostringstream& out, const char* name, const std::string& value) { out << name << '=' << value << '\n'; }
template <class T>
void putOptional(std::ostringstream& out, const char* name, const std::optional<T>& value) {
  out << name << '=';
  if (value) for (double v : *value) out << v << ',';
  out << '\n';
}
void putList(std::ostringstream& out, const char* name, const std::vector<std::string>& values) {
  out << name << '=';
  for (const std::string& v : values) out << v << '|';
  out << '\n';
}

}  // namespace

std::string describe(const imaging::Inventory& inventory) {
  std::ostringstream out;
  out.precision(17);
  out << "files=" << inventory.files_scanned << " dicom=" << inventory.dicom_files
      << " dicomdir=" << inventory.used_dicomdir << '\n';
  for (const imaging::Problem& p : inventory.problems)
    out << "problem " << p.path.string() << ' ' << imaging::toString(p.kind) << ' ' << p.reason << '\n';
  for (const imaging::Patient& pa : inventory.patients) {
    put(out, "patient", pa.name + '|' + pa.id + '|' + pa.issuer_of_id + '|' + pa.birth_date + '|' + pa.sex);
    putList(out, " identifying.patient", pa.identifying_values.patient);
    putList(out, " identifying.institution", pa.identifying_values.institution);
    putList(out, " identifying.device", pa.identifying_values.device);
    for (const imaging::Study& st : pa.studies) {
      put(out, " study", st.study_instance_uid + '|' + st.date + '|' + st.time + '|' + st.description + '|' +
                             st.accession_number + '|' + st.referring_physician);
      for (const imaging::Series& se : st.series) {
        put(out, "  series", se.series_instance_uid + '|' + se.modality + '|' + std::to_string(se.number) + '|' +
                                 se.description + '|' + se.body_part + '|' + se.laterality + '|' +
                                 se.frame_of_reference_uid);
        for (const imaging::Instance& in : se.instances) {
          put(out, "   instance", in.path.string() + '|' + in.sop_instance_uid + '|' + in.sop_class_uid + '|' +
                                      in.transfer_syntax_uid + '|' + in.specific_character_set + '|' +
                                      std::to_string(in.instance_number) + '|' + std::to_string(in.rows) + 'x' +
                                      std::to_string(in.columns) + '|' + std::to_string(in.number_of_frames) + '|' +
                                      std::to_string(in.has_pixel_data) + '|' + in.burned_in_annotation + '|' +
                                      std::to_string(in.patient_identity_removed) + '|' + in.image_type + '|' +
                                      in.photometric_interpretation + '|' +
                                      std::to_string(in.file_size) + '|' + std::to_string(in.uids_known));
          putOptional(out, "    position", in.image_position);
          putOptional(out, "    orientation", in.image_orientation);
          putOptional(out, "    spacing", in.pixel_spacing);
          out << "    thickness=" << (in.slice_thickness ? std::to_string(*in.slice_thickness) : "") << '\n';
          putList(out, "    uids", in.uids);
        }
      }
    }
  }
  return out.str();
}

std::string scanned(const std::filesystem::path& folder, bool plain) {
  imaging::bridge::setPlainReading(plain);
  std::string text;
  try {
    text = describe(imaging::scan(folder));
  } catch (...) {
    imaging::bridge::setPlainReading(true);
    throw;
  }
  imaging::bridge::setPlainReading(true);
  return text;
}

}  // namespace inventory_text
