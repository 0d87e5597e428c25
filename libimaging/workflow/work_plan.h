#pragma once
// What the pipeline will do with each instance of an inventory, decided before any file is read:
// selected or not, excluded by policy or not, and where a processed instance goes in the output.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "imaging/core/path_under.h"
#include "imaging/deid/deidentifier.h"
#include "imaging/model/model.h"

namespace imaging::workflow {

struct WorkItem {
  std::size_t index = 0;                  // 1-based, inventory order
  const Patient* patient = nullptr;
  const Series* series = nullptr;
  const Instance* instance = nullptr;
  std::size_t patient_slot = 0;           // index into WorkPlan::patients
  std::size_t patient_place = 0;          // 0-based place of its patient in the whole inventory
  bool selected = true;                   // by the series filter
  std::optional<Exclusion> exclusion;     // policy reason (burned-in text, SR excluded)
  bool burned_in = false;
  bool redact = false;                    // burned-in candidate to export with text blacked out
  // Let through by the header but screened for text before it is written (a projection X-ray
  // whose Burned In Annotation is absent or NO, Deidentifier::screensPixels); with text found it
  // is left out, or redacted when redact_if_text (--redact-burned-in, or a --blackout of its series).
  bool screen = false;
  bool redact_if_text = false;
  std::string output_name;                // set for selected, not excluded items
  // 0-based places of its study, series and image (with patient_slot, what describe() names):
  // the description and input path are made when the report takes them, not held per item.
  std::uint32_t study_place = 0, series_place = 0, image_place = 0;
  bool toProcess() const { return selected && !exclusion; }
};

// An item's output-safe description: positions and numbers only, no names, descriptions or UIDs of
// the source ("patient 1, study 1, series 2 (number 3), image 4 [CT, CT Image Storage]"). Names
// each SOP class once.
class ItemDescriber {
 public:
  std::string operator()(const WorkItem& item);

 private:
  std::unordered_map<std::string, std::string> sop_class_names_;
};

struct WorkPlan {
  std::vector<const Patient*> patients;   // every source patient of the inventory
  std::vector<WorkItem> items;
  std::size_t processCount() const;
};

// Where a plan stopped, so that the plan of the inventory's next chunk (SpilledInventory) numbers
// on: items, patients, studies, series and images counted as if the chunks were one inventory.
// continues_*: the chunk's first patient, study, series are the previous chunk's last ones.
struct PlanCursor {
  bool continues_patient = false, continues_study = false, continues_series = false;
  std::size_t index = 0, patients_seen = 0, patient_number = 0;
  std::size_t patient_place = 0, studies_seen = 0, study_number = 0;
  std::size_t study_place = 0, series_seen = 0, series_number = 0;
  std::size_t series_place = 0, images_seen = 0, instance_number = 0;
  bool patient_used = false, study_used = false, series_used = false;
};

// redactable(series): whether burned-in candidates of that series are to be redacted (exported)
// rather than excluded; may be empty.
WorkPlan makeWorkPlan(const Inventory& inventory, const Deidentifier& deid,
                      const std::vector<std::string>& series_filter,
                      const std::function<bool(const Series&)>& redactable = {}, PlanCursor* continued = nullptr);

// Whether a series matches a --series / blackout selector (Series Instance UID or number).
bool seriesMatches(const Series& series, const std::string& selector);
// Whether a series is among those a filter selects (an empty filter selects every series).
bool seriesSelected(const Series& series, const std::vector<std::string>& filter);

// Names of input files relative to the scanned root ('/' separated), for reports. The root is
// looked at once, and a path whose text starts with the root's is cut by that prefix instead of
// being split into parts.
class InputRelativizer {
 public:
  explicit InputRelativizer(const std::filesystem::path& root);
  // A file's own path (an instance's: absolute, or relative to the working folder like the root
  // the scan was given); the file name alone when it is outside the root.
  std::string file(const std::filesystem::path& path) const;
  // A scan problem's path, relative to the scanned folder already: returned as is, unless it leads
  // out of the input (a DICOMDIR reference with "..", or to a folder not there).
  std::string problem(const std::filesystem::path& path) const;

 private:
  std::filesystem::path base_;
  PathUnder under_base_;
};
// What instance paths are relative to: the folder the scan walked (a zip's or CD image's
// extraction folder), else the inventory root.
std::filesystem::path inputBase(const Inventory& inventory);

// Name parts, ID and birth date of a patient as the inventory holds them.
std::vector<std::string> modelIdentifiers(const Patient& patient);

bool isStructuredReport(const std::string& sop_class_uid);

}  // namespace imaging::workflow
