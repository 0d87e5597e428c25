#pragma once
// Shifting DICOM DA and DT values by whole days (times stay as they are, so they stay consistent
// with their shifted dates).
#include <optional>
#include <string>

namespace imaging::deid {

// "YYYYMMDD" (also the old "YYYY.MM.DD") shifted by days; several values separated by '\'.
// nullopt when a value is not a valid date (the caller then empties it: when unsure, remove).
std::optional<std::string> shiftDate(const std::string& da, int days);
// "YYYYMMDD[HHMMSS[.FFFFFF]][&ZZXX]": the date part shifted, time and offset kept.
// A DT with less than a full date (only "YYYY" or "YYYYMM") cannot be shifted: nullopt.
std::optional<std::string> shiftDateTime(const std::string& dt, int days);

}  // namespace imaging::deid
