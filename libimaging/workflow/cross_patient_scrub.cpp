#include "cross_patient_scrub.h"

#include <algorithm>
#include <cstdint>
#include <map>

#include "imaging/core/error.h"
#include "job_parts.h"
#include "parallel.h"
#include "recording_scrubber.h"

namespace imaging::workflow {
namespace {

constexpr const char* kWithheld = "details withheld: they contain identifying text";

std::shared_ptr<const TextScrubber> scrubberOf(const std::vector<const Patient*>& patients, const Profile& profile) {
  std::shared_ptr<TextScrubber> scrubber = makeTextScrubber();
  for (const Patient* p : patients)
    addPatientIdentifiers(*scrubber, *p, profile);
  return scrubber;
}

std::vector<std::string> reportIdsOf(const std::vector<const Patient*>& patients, const Profile& profile) {
  std::vector<std::string> ids;
  for (const Patient* p : patients) appendReportIdentifiers(*p, profile, ids);
  return normalizeIdentifiers(std::move(ids));
}

}  // namespace

CrossPatientScrub::CrossPatientScrub(const WorkPlan& plan, const AnonymizeOptions& options, PatientGroups& groups)
    : plan_(plan),
      options_(options),
      groups_(groups),
      chunk_scrubber_(scrubberOf(plan.patients, options.deid.profile)),
      chunk_check_(reportIdsOf(plan.patients, options.deid.profile)) {
  for (const Patient* p : plan.patients) chunk_patients_.insert(p->identityKey());
}

std::vector<std::shared_ptr<const TextScrubber>> CrossPatientScrub::settle(const std::vector<PatientContext>& contexts,
                                                                           const Deidentifier& deid,
                                                                           const Deidentifier* redacting) {
  std::vector<std::shared_ptr<const TextScrubber>> chosen(plan_.items.size());
  std::vector<std::set<std::size_t>> others(plan_.items.size());  // other patients a file's texts name
  std::map<std::set<std::size_t>, std::shared_ptr<const TextScrubber>> made;  // small, and alike
  std::vector<std::size_t> pending;
  for (std::size_t i = 0; i < plan_.items.size(); ++i)
    if (plan_.items[i].toProcess()) pending.push_back(i);
  while (!pending.empty()) {
    QuestionTable table;
    std::vector<std::vector<std::uint32_t>> asked(pending.size());  // numbers into table
    parallelFor(pending.size(), options_.jobs, options_.cancel, [&](std::size_t k) {
      const WorkItem& item = plan_.items[pending[k]];
      PatientContext context = contexts[item.patient_slot];
      auto recording = std::make_shared<RecordingScrubber>(chosen[pending[k]] ? chosen[pending[k]] : context.scrubber);
      context.scrubber = recording;
      const Deidentifier& engine = item.redact && redacting != nullptr ? *redacting : deid;
      engine.deidentifyFile(item.instance->path, std::filesystem::path(), context, false);  // writes nothing
      asked[k] = table.add(recording->take());
    });
    if (options_.cancel && options_.cancel->load()) throw Error(ErrorCode::Cancelled, "cancelled; nothing was written");
    // Which groups a file's texts hit (each distinct text asked once a group), then which of
    // their patients.
    std::map<std::size_t, std::vector<std::size_t>> files_of_group;  // group -> positions in pending
    std::vector<char> held(table.size());
    groups_.forEachScrubber(chunk_patients_, [&](std::size_t group, const TextScrubber& scrubber) {
      for (std::uint32_t q = 0; q < table.size(); ++q) held[q] = holdsIdentifier(scrubber, table[q]) ? 1 : 0;
      for (std::size_t k = 0; k < pending.size(); ++k)
        if (std::any_of(asked[k].begin(), asked[k].end(), [&](std::uint32_t q) { return held[q] != 0; }))
          files_of_group[group].push_back(k);
    });
    std::vector<std::size_t> again;
    std::vector<bool> grew(pending.size(), false);
    for (const auto& [group, ks] : files_of_group) {
      // Only the files that hit this group get their texts written out again, one group at a time.
      std::vector<std::vector<ScrubberQuestion>> texts(ks.size());
      std::vector<const std::vector<ScrubberQuestion>*> questions;
      for (std::size_t f = 0; f < ks.size(); ++f) {
        for (const std::uint32_t q : asked[ks[f]]) texts[f].push_back(table[q]);
        questions.push_back(&texts[f]);
      }
      std::vector<std::set<std::size_t>> found(ks.size());
      groups_.attribute(group, chunk_patients_, questions, found);
      for (std::size_t f = 0; f < ks.size(); ++f)
        for (std::size_t patient : found[f]) grew[ks[f]] = others[pending[ks[f]]].insert(patient).second || grew[ks[f]];
    }
    for (std::size_t k = 0; k < pending.size(); ++k) {
      if (!grew[k]) continue;
      const std::size_t i = pending[k];
      std::shared_ptr<const TextScrubber>& extra = made[others[i]];
      if (!extra) extra = groups_.scrubberOf(others[i]);
      chosen[i] = makeUnionScrubber(chunk_scrubber_, extra);
      again.push_back(i);
    }
    pending = std::move(again);
  }
  return chosen;
}

void CrossPatientScrub::recheck(const WorkPlan& plan, std::vector<FileResult>& files) {
  groups_.forEachCheck(chunk_patients_, [&](std::size_t, const IdentifierCheck& check) {
    for (std::size_t i = 0; i < plan.items.size(); ++i) {
      FileResult& f = files[i];
      if (!f.input_withheld && check.pathHolds(f.input_relative)) {
        f.input_withheld = true;
        f.input_relative.clear();
      }
      // As ExportSession::complete: only the engine's reasons (of processed files) are checked.
      if (plan.items[i].toProcess() && check.anyIn(f.reason)) f.reason = kWithheld;
    }
  });
}

void recheckSkipped(PatientGroups& groups, std::vector<SkippedInput>& skipped) {
  groups.forEachCheck({}, [&](std::size_t, const IdentifierCheck& check) {
    for (SkippedInput& s : skipped) {
      if (!s.input_withheld && check.pathHolds(s.input_relative)) {
        s.input_withheld = true;
        s.input_relative.clear();
      }
      if (check.anyIn(s.reason)) s.reason = kWithheld;
    }
  });
}

void recheckReasons(PatientGroups& groups, std::vector<std::pair<std::string, std::string>>& reasons) {
  if (reasons.empty()) return;
  groups.forEachCheck({}, [&](std::size_t, const IdentifierCheck& check) {
    for (auto& [name, reason] : reasons)
      if (check.anyIn(reason)) reason = kWithheld;
  });
}

}  // namespace imaging::workflow
