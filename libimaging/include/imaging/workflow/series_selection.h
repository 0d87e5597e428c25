#pragma once
// Which series a user means by `--series`: a Series Instance UID, a series number, or the position
// form PATIENT/STUDY/SERIES (1-based, in browser order: the inventory's patient, study and series
// order, as `scan` lists them). Series numbers repeat across patients and studies, so a number is
// accepted only when exactly one series in scope carries it.
#include <string>
#include <vector>

#include "imaging/model/model.h"

namespace imaging {

// Narrows where series numbers are looked up. patient: a 1-based patient position or a Patient ID
// (empty: every patient); study: a 1-based study position within the patient (0: every study).
struct SeriesScope {
  std::string patient;
  int study = 0;
};

// "patient 2/study 1/series 2 (CT, number 2, 40 images)": positions, modality, number and count
// only, never a name, ID, date or UID of the source.
std::string describeSeriesPosition(const Inventory& inventory, std::size_t patient, std::size_t study,
                                   std::size_t series);

// The Series Instance UIDs the selectors name, in selector order, without duplicates. Throws
// Error(InvalidArgument) for a selector that matches no series or more than one, listing the
// candidates by position (describeSeriesPosition), and for a scope that matches no patient/study.
// Empty selectors give an empty result (every series). option names the selectors in messages.
std::vector<std::string> resolveSeriesSelectors(const Inventory& inventory, const std::vector<std::string>& selectors,
                                                const SeriesScope& scope = {}, const std::string& option = "--series");

}  // namespace imaging
