#pragma once
// The DICOMDIR of an exported medium, regenerated from the files actually written.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace imaging {

struct UnlistableFile {
  std::string file;    // relative to root, '/' separated
  std::string reason;  // e.g. "required attribute Modality missing" (DCMTK's check, never a value)
};

// What to do with a file that no DICOMDIR record can describe (e.g. no Modality, which DCMTK
// cannot invent): fail, or delete it from the tree and report it.
enum class UnlistablePolicy { Throw, Remove };

// Header facts of one written file, everything its DICOMDIR records need. Text values are the
// file's own bytes (in its SpecificCharacterSet), never re-encoded. Made by readDicomdirEntry.
struct DicomdirEntry {
  std::string file;                // relative to root, '/' separated
  std::string unlistable_reason;   // non-empty: no record can describe the file (never a value)
  std::string sop_class_uid, sop_instance_uid, transfer_syntax_uid, specific_character_set;
  std::string patient_name, patient_id;
  std::string study_instance_uid, study_date, study_time, study_description, study_id, accession_number;
  std::string series_instance_uid, modality, series_number;
  // Keys of the instance-level record (InstanceNumber, ContentDate, ...): (group << 16 | element)
  // and value, only those present in the file. ConceptNameCodeSequence's first item is kept as
  // its three code strings.
  std::vector<std::pair<std::uint32_t, std::string>> instance_keys;
  std::string concept_code_value, concept_coding_scheme, concept_code_meaning;
};

// Reads the header of root/relative (stops before the pixel data). Never throws: a file that is
// not DICOM or lacks what every record needs (SOP, study and series UIDs, Modality) comes back
// with unlistable_reason set.
// sop_class_uid: the file's SOP Class when the caller knows it (the pipeline, from the engine):
// the file is then parsed once, to the depth its record type needs, instead of up to group 0028
// first and again to the pixel data for records with keys beyond (SR, presentation states, RT).
DicomdirEntry readDicomdirEntry(const std::filesystem::path& root, const std::string& relative,
                                const std::string& sop_class_uid = {});

// For callers that already hold a written file's header values (the anonymize pipeline gets them
// from the engine): true when the file's record is an IMAGE record, whose only instance key is
// InstanceNumber, so an entry filled from those values is complete. Other record types need
// readDicomdirEntry.
bool dicomdirRecordNeedsOnlyInstanceNumber(const std::string& sop_class_uid);
// The instance-level keys of the file's record besides the Referenced*InFile attributes, as
// (group << 16 | element) in the order readDicomdirEntry reads them, and whether the record takes
// the first Concept Name Code Sequence item: for callers that capture them while they hold the data
// set (the pipeline asks the engine for them, DeidConfig::record_key_tags).
std::vector<std::uint32_t> dicomdirRecordKeyTags(const std::string& sop_class_uid);
bool dicomdirRecordTakesConceptName(const std::string& sop_class_uid);
// Applies readDicomdirEntry's check to an entry filled by the caller: sets unlistable_reason when a
// value every record needs is empty.
void checkDicomdirEntry(DicomdirEntry& entry);

// Writes root/DICOMDIR from the given entries (one per file under root/DICOM, any order) without
// re-reading the files: PATIENT > STUDY > SERIES > one record per file, whose type follows the
// SOP class (IMAGE, SR DOCUMENT, KEY OBJECT DOC, PRESENTATION, ...). Records are grouped by hash
// maps and ordered by file name, so the same entries give a byte-identical DICOMDIR. Missing Type 1
// keys: StudyDate/StudyTime are written empty (never invented from the clock); StudyID,
// SeriesNumber and InstanceNumber get the record's 1-based position; PatientID "PATIENT" + its
// position. Reads the result back and throws Error unless every file left under root is listed.
// Entries with unlistable_reason are thrown (Throw) or their files deleted and returned (Remove).
std::vector<UnlistableFile> writeDicomdir(const std::filesystem::path& root, std::vector<DicomdirEntry> entries,
                                          UnlistablePolicy policy = UnlistablePolicy::Throw);

// Same, reading the header of every file under root first (in the calling thread). Returns the
// files removed under UnlistablePolicy::Remove.
std::vector<UnlistableFile> writeDicomdir(const std::filesystem::path& root,
                                          UnlistablePolicy policy = UnlistablePolicy::Throw);

struct DicomdirCheck {
  bool readable = false;                      // root/DICOMDIR exists and parses
  std::size_t records = 0;                    // records that reference a file
  std::vector<std::string> missing_files;     // referenced, but not on disk ('/' separated, relative)
  std::vector<std::string> unlisted_files;    // on disk under root, not referenced
  // Why the records' offsets do not form one tree (a record no offset reaches, an offset into
  // nothing, one pointing back); empty when they do. Checked for explicit VR little endian.
  std::string tree_problem;
  bool complete() const { return readable && tree_problem.empty() && missing_files.empty() && unlisted_files.empty(); }
};

// Reads root/DICOMDIR back (imaging_bridge/plain_directory.h; DCMTK for a syntax ScanShare does
// not write), checks that its records form one tree, and compares its file references with the
// regular files under root (the DICOMDIR itself excepted). Never throws for a bad DICOMDIR:
// readable stays false.
// spill_folder: where the two lists may spill (encrypted, unlinked) so that memory does not grow
// with the number of files; empty: they are held in memory.
DicomdirCheck checkDicomdir(const std::filesystem::path& root, const std::filesystem::path& spill_folder = {});

}  // namespace imaging
