#pragma once
// Collects the identifying values of a dataset (see harvestIdentifiers in deidentifier.h).
#include <string>
#include <vector>

#include "imaging/model/model.h"
#include "imaging_bridge/dcmtk.h"

namespace imaging::deid {

struct HarvestScope {
  bool institution = true;  // institution name/address/department (unless retained)
  bool device = false;      // station name, device serial number (unless retained)
};

// The values of `values` the scope asks for, sorted and deduplicated.
std::vector<std::string> identifiersInScope(const IdentifyingValues& values, const HarvestScope& scope);

// Values anywhere in the dataset (all sequence depths), UTF-8 if the dataset was converted.
// Sorted and deduplicated.
std::vector<std::string> harvestFromDataset(DcmItem& dataset, const HarvestScope& scope);

}  // namespace imaging::deid
