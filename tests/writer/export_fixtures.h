#pragma once
// Small DICOM files made with DCMTK for the writer and workflow tests (made in code, never copied).
#include <filesystem>
#include <string>

namespace export_fixtures {

struct Spec {
  std::string patient_name = "Fixture^Alice";
  std::string patient_id = "FIX-4711";
  std::string birth_date = "19700214";
  std::string study_uid = "1.2.826.0.1.3680043.8.498.7001";
  std::string series_uid = "1.2.826.0.1.3680043.8.498.7001.1";
  std::string sop_uid = "1.2.826.0.1.3680043.8.498.7001.1.1";
  std::string referenced_sop_uid;   // adds a ReferencedImageSequence item pointing here
  std::string series_description = "Sag PD";
  std::string modality = "MR";
  int series_number = 1;
  int instance_number = 1;
  bool rle = false;                 // RLE Lossless (a compressed transfer syntax)
  bool missing_type1 = false;       // no StudyID, SeriesNumber, StudyDate/Time (inventable)
  bool no_modality = false;         // no Modality (the DICOMDIR series record then says OT)
  bool burned_in = false;           // BurnedInAnnotation YES (a 16x16 image OCR reads nothing in)
  std::string sop_class_uid;        // empty: MR Image Storage
  // Written into the file meta after saving, e.g. HTJ2K: with rle the data set is then what such a
  // file holds (explicit VR little endian, encapsulated fragments); without, native pixel data
  // under a syntax DCMTK does not know (nothing can handle it).
  std::string transfer_syntax_override;
};

// Replaces the Transfer Syntax UID in a Part 10 file's meta (and fixes the group length).
void overrideTransferSyntax(const std::filesystem::path& path, const std::string& uid);

// Writes a 16x16 MR-like image (Part 10).
void write(const std::filesystem::path& path, const Spec& spec = {});

// A fresh, empty folder under SCANSHARE_TEST_WORK_DIR.
std::filesystem::path freshDir(const std::string& name);

std::string readAll(const std::filesystem::path& path);

}  // namespace export_fixtures
