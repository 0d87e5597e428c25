#pragma once
// De-identifies one file at a time under a profile. The pipeline (workflow module) drives it.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "imaging/deid/attribute_override.h"
#include "imaging/deid/outcome.h"
#include "imaging/deid/parts.h"
#include "imaging/deid/profile.h"
#include "imaging/model/model.h"

namespace imaging {

// "StudyDescription" or "(0008,1030)" / "0008,1030"; nullopt when the dictionary has no such
// standard attribute. The keyword of a key, for reports ("StudyDescription").
std::optional<AttributeKey> parseAttributeKeyword(const std::string& text);
std::string attributeKeyword(AttributeKey key);

// A private element by group, private creator and element offset (the low byte: 0x0C of xx0C).
struct PrivateElementKey {
  std::uint16_t group = 0;
  std::string creator;
  std::uint8_t element = 0;
};

struct DeidConfig {
  Profile profile = Profile::defaultProfile();
  std::shared_ptr<const UidMapper> uids;
  std::shared_ptr<const DateShifter> dates;
  std::shared_ptr<const PseudonymProvider> pseudonyms;
  bool include_burned_in = false;  // include images that likely carry burned-in text
  // Projection X-ray images (CR, DX, MG, IO, PX, XA, RF) whose Burned In Annotation is absent or
  // NO are screened for text by OCR before they are written (Deidentifier::screensPixels); true
  // trusts the flag and skips that (faster; --trust-burned-in-flag).
  bool trust_burned_in_flag = false;
  bool exclude_sr = false;         // leave structured reports out instead of cleaning them
  // Read only the header and append the input's Pixel Data element as raw bytes (kernel copy)
  // instead of loading and re-writing it. Files it cannot handle safely (deflated, big endian,
  // float pixel data, anything after the pixel data but trailing padding, odd or inconsistent
  // lengths) take the full-load path whatever this says. Off: always load the whole file.
  bool stream_pixel_data = true;
  // Attributes whose kept text stays verbatim (--keep-text): a clinic vouches that it names no
  // one. Keywords, as parseAttributeKeyword gives them; the file's De-identification Method says so.
  std::vector<AttributeKey> keep_text_verbatim;
  // Private elements kept beside the built-in safe list when retain-safe-private is on (a recipe's
  // "private" rules): same checks, numbers only, so a value can still never carry a name.
  std::vector<PrivateElementKey> keep_private;
  // Per-attribute overrides of the action table (a recipe's remove/empty/replace/keep rules), at
  // every depth, checked by overrideProblem. A keep of a patient identity attribute is written into
  // the De-identification Method as "Unsafe keep <Keyword>", any other keep as "Verbatim <Keyword>".
  std::vector<AttributeOverride> overrides;
  // The person chose the patient's name and ID (--patient-name/--patient-id, the viewer's share
  // dialog) instead of ScanShare's keyed pseudonym: the De-identification Method says "Chosen
  // pseudonym", so that verify accepts values it cannot tell from ScanShare's own formats.
  bool pseudonym_chosen = false;
  // When set: the top-level attributes, as (group << 16 | element), whose values the written header
  // should also carry for a file of this SOP class (WrittenHeader::record_keys). The pipeline asks
  // for the keys of the file's DICOMDIR record, so that no written file is read back for them.
  std::function<std::vector<std::uint32_t>(const std::string& sop_class_uid)> record_key_tags;
};

// Per source patient: computed once by the pipeline, shared by all that patient's files.
struct PatientContext {
  std::string identity_key;               // Patient::identityKey() of the source
  Pseudonym pseudonym;
  int date_offset_days = 0;
  std::vector<std::string> identifiers;   // harvested values to scrub from free text
  // Instead of `identifiers`, for a patient of a scanned inventory (who must outlive the context):
  // the identifiers are patientIdentifiers(*scanned_patient, profile), taken only when a file needs
  // them (one the shared scrubber alone does not cover), so that an archive's thousands of patients
  // do not each hold a copy beside the scrubber that already has them.
  const Patient* scanned_patient = nullptr;
  // Optional: a scrubber built once from the identifiers and shared by all the patient's files.
  // When set, the engine uses it as is and does not harvest the file itself again, so the caller
  // must have harvested every file of the patient with the profile's scope: patientIdentifiers()
  // for a scanned patient, or harvestIdentifiers(file, profile) per file.
  std::shared_ptr<const TextScrubber> scrubber;
};

// The values a DICOMDIR record needs, as written into the output header (raw, in the output's
// character set): lets the pipeline build the DICOMDIR without reading the written files again.
struct WrittenHeader {
  bool present = false;  // false for dry runs and files that were not written
  std::string transfer_syntax_uid, specific_character_set, sop_class_uid, sop_instance_uid;
  std::string patient_name, patient_id;
  std::string study_instance_uid, study_date, study_time, study_description, study_id, accession_number;
  std::string series_instance_uid, modality, series_number;
  bool has_instance_number = false;
  std::string instance_number;
  std::uint64_t file_size = 0;  // bytes written; 0 when not known
  // With DeidConfig::record_key_tags: every asked attribute present in the header, in the order
  // asked, with its value as DCMTK reads it back (Verification DateTime also from the last Verifying
  // Observer Sequence item when not at the top level), and the first Concept Name Code Sequence item.
  bool record_keys_captured = false;
  std::vector<std::pair<std::uint32_t, std::string>> record_keys;
  std::string concept_code_value, concept_coding_scheme, concept_code_meaning;
};

// One attribute that changes, for --dry-run and the viewer's before/after table.
struct AttributeChange {
  std::string tag;       // "(0010,0010)" or nested "(0008,1140)[0].(0008,1155)"
  std::string keyword;   // "PatientName"
  std::string action;    // "remove", "empty", "dummy", "replace-uid", "shift-date", "clean", "pseudonym", ...
  std::string before;    // UTF-8; only kept in memory, never written to reports on disk
  std::string after;
};

struct InstanceOutcome {
  enum class Status { Kept, Excluded, Failed };
  Status status = Status::Failed;
  OutcomeCode code = OutcomeCode::None;    // why excluded/failed, for programs
  std::string reason;                      // the same in words, with specifics; never identifying
  bool output_error = false;               // Failed because the OUTPUT could not be written (disk full,
                                           // permissions): not the input's fault; the export must stop
  std::string new_sop_instance_uid;
  std::string new_series_instance_uid;
  std::string new_study_instance_uid;
  std::map<std::string, int> action_counts;  // action name -> number of attributes
  std::vector<AttributeChange> changes;      // only when record_changes was set
  WrittenHeader written;                     // facts of the written header (Kept, not dry run)
  bool pixel_data_streamed = false;          // the header-only path was taken (see DeidConfig)
};

class Deidentifier {
 public:
  explicit Deidentifier(DeidConfig config);
  ~Deidentifier();
  const DeidConfig& config() const noexcept;

  // Why an instance is left out before reading it fully (burned-in text likely, SR excluded),
  // or nullopt to process it.
  std::optional<Exclusion> exclusionReason(const Instance& instance, const Series& series) const;
  // Whether an instance the header lets through must have its pixels screened for burned-in text
  // before it is written (a projection X-ray with pixel data whose flag does not say YES; see
  // DeidConfig::trust_burned_in_flag). The screening itself needs decoded pixels: the pipeline does it.
  bool screensPixels(const Instance& instance, const Series& series) const;
  // Everything the two answers above are decided from, as one string: instances with equal keys
  // get equal answers (so a plan can ask once per distinct key; a series repeats them).
  std::string decisionKey(const Instance& instance, const Series& series) const;

  // Reads `input`, de-identifies, writes `output` (Part 10, same transfer syntax, pixel data
  // byte for byte). With output empty, nothing is written (dry run). Never throws for a bad file:
  // returns Failed with a reason.
  InstanceOutcome deidentifyFile(const std::filesystem::path& input,
                                 const std::filesystem::path& output,
                                 const PatientContext& patient, bool record_changes) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Identifying values of the patient in one file (names and name parts, IDs, birth date, address,
// phone numbers, accession, other IDs), for the scrubber and for verify.
std::vector<std::string> harvestIdentifiers(const std::filesystem::path& file);
// Same, plus the institution and device values the profile does not retain (what the engine adds
// from each file itself).
std::vector<std::string> harvestIdentifiers(const std::filesystem::path& file, const Profile& profile);
// What harvestIdentifiers(file, profile) gives, united over all the patient's files, from the
// values the scan harvested (Patient::identifying_values) without reading any file again: use it
// when filling PatientContext::scrubber for a patient of a scanned inventory.
std::vector<std::string> patientIdentifiers(const Patient& patient, const Profile& profile);
// The context's identifiers: its own list, or those of its scanned patient under the profile.
std::vector<std::string> contextIdentifiers(const PatientContext& patient, const Profile& profile);

}  // namespace imaging
