// The spilled records read back exactly as written, field by field.
#include <gtest/gtest.h>

#include "imaging/core/error.h"
#include "imaging/model/record_codec.h"

namespace {

imaging::InstanceRecord fullRecord() {
  imaging::InstanceRecord r;
  imaging::Instance& i = r.instance;
  i.path = std::string("in/Doe_Jane/\x01\xff/IM1");
  i.sop_instance_uid = "1.2.3.4";
  i.sop_class_uid = "1.2.840.10008.5.1.4.1.1.4";
  i.transfer_syntax_uid = "1.2.840.10008.1.2.1";
  i.specific_character_set = "ISO_IR 100";
  i.instance_number = -7;
  i.rows = 512;
  i.columns = 256;
  i.number_of_frames = 3;
  i.has_pixel_data = true;
  i.burned_in_annotation = "NO";
  i.patient_identity_removed = true;
  i.image_type = "ORIGINAL\\PRIMARY";
  i.photometric_interpretation = "MONOCHROME2";
  i.image_position = std::array<double, 3>{-1.5, 0.25, 1e300};
  i.pixel_spacing = std::array<double, 2>{0.5, 0.75};
  i.slice_thickness = 3.0;
  i.file_size = std::uintmax_t{1} << 40;
  i.uids = {"1.2", "", "1.2.3"};
  i.uids_known = true;
  r.patient.name = "Doe^Jane";
  r.patient.id = std::string("ID\0X", 4);
  r.patient.birth_date = "19700214";
  r.patient.identifying_values.patient = {"DOE", "JANE"};
  r.patient.identifying_values.device = {"SCANNER 7"};
  r.study.study_instance_uid = "1.2.3";
  r.study.date = "20240101";
  r.study.referring_physician = "Who^Doctor";
  r.series.number = -2;
  r.series.modality = "MR";
  r.series.frame_of_reference_uid = "1.9";
  return r;
}

TEST(RecordCodec, RecordsReadBackFieldByField) {
  const imaging::InstanceRecord r = fullRecord();
  std::string bytes;
  imaging::encodeRecord(r, bytes);
  imaging::encodeRecord(imaging::InstanceRecord{}, bytes);  // two in one buffer: each reads its own
  std::string_view in(bytes);
  const imaging::InstanceRecord back = imaging::decodeRecord(in);
  const imaging::InstanceRecord empty = imaging::decodeRecord(in);
  EXPECT_TRUE(in.empty());
  const imaging::Instance& i = back.instance;
  EXPECT_EQ(i.path.native(), r.instance.path.native());
  EXPECT_EQ(i.sop_instance_uid, "1.2.3.4");
  EXPECT_EQ(i.sop_class_uid, r.instance.sop_class_uid);
  EXPECT_EQ(i.transfer_syntax_uid, r.instance.transfer_syntax_uid);
  EXPECT_EQ(i.specific_character_set, "ISO_IR 100");
  EXPECT_EQ(i.instance_number, -7);
  EXPECT_EQ(i.rows, 512);
  EXPECT_EQ(i.columns, 256);
  EXPECT_EQ(i.number_of_frames, 3);
  EXPECT_TRUE(i.has_pixel_data);
  EXPECT_EQ(i.burned_in_annotation, "NO");
  EXPECT_TRUE(i.patient_identity_removed);
  EXPECT_EQ(i.image_type, "ORIGINAL\\PRIMARY");
  EXPECT_EQ(i.photometric_interpretation, "MONOCHROME2");
  EXPECT_EQ(i.image_position, r.instance.image_position);
  EXPECT_FALSE(i.image_orientation.has_value());
  EXPECT_EQ(i.pixel_spacing, r.instance.pixel_spacing);
  EXPECT_EQ(i.slice_thickness, 3.0);
  EXPECT_EQ(i.file_size, std::uintmax_t{1} << 40);
  EXPECT_EQ(i.uids, r.instance.uids);
  EXPECT_TRUE(i.uids_known);
  EXPECT_EQ(back.patient.name, "Doe^Jane");
  EXPECT_EQ(back.patient.id, r.patient.id);
  EXPECT_EQ(back.patient.birth_date, "19700214");
  EXPECT_EQ(back.patient.identifying_values.patient, r.patient.identifying_values.patient);
  EXPECT_EQ(back.patient.identifying_values.device, r.patient.identifying_values.device);
  EXPECT_TRUE(back.patient.identifying_values.institution.empty());
  EXPECT_EQ(back.study.date, "20240101");
  EXPECT_EQ(back.study.referring_physician, "Who^Doctor");
  EXPECT_EQ(back.series.number, -2);
  EXPECT_EQ(back.series.modality, "MR");
  EXPECT_EQ(back.series.frame_of_reference_uid, "1.9");
  EXPECT_FALSE(empty.instance.slice_thickness.has_value());
  EXPECT_FALSE(empty.instance.has_pixel_data);
}

TEST(RecordCodec, ProblemsReadBack) {
  std::string bytes;
  imaging::encodeProblem({"a/b c", imaging::ProblemKind::DuplicateSopInstance, "same SOP Instance UID as x"}, bytes);
  std::string_view in(bytes);
  const imaging::Problem p = imaging::decodeProblem(in);
  EXPECT_EQ(p.path, "a/b c");
  EXPECT_EQ(p.kind, imaging::ProblemKind::DuplicateSopInstance);
  EXPECT_EQ(p.reason, "same SOP Instance UID as x");
}

TEST(RecordCodec, CutBytesAreRefusedNotReadPastTheirEnd) {
  std::string bytes;
  imaging::encodeRecord(fullRecord(), bytes);
  for (std::size_t cut = 0; cut < bytes.size(); cut += 7) {
    std::string_view in(bytes.data(), cut);
    EXPECT_THROW(imaging::decodeRecord(in), imaging::Error) << cut;
  }
}

}  // namespace
