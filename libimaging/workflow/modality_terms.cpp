#include "modality_terms.h"

#include <algorithm>
#include <iterator>

namespace imaging::workflow {
namespace {

constexpr std::string_view kModalities[] = {
    "ANN",  "AR",    "AS",     "ASMT",   "AU",   "BDUS",     "BI",       "BMD",    "CD",       "CF",       "CFM",
    "CP",   "CR",    "CS",     "CT",     "CTPROTOCOL", "DD", "DF",       "DG",     "DM",       "DMS",      "DOC",
    "DS",   "DX",    "EC",     "ECG",    "EEG",  "EMG",      "EOG",      "EPS",    "ES",       "FA",       "FID",
    "FS",   "GM",    "HC",     "HD",     "IO",   "IOL",      "IVOCT",    "IVUS",   "KER",      "KO",       "LEN",
    "LP",   "LS",    "M3D",    "MA",     "MG",   "MR",       "MS",       "NM",     "OAM",      "OCT",      "OP",
    "OPM",  "OPR",   "OPT",    "OPTBSV", "OPTENF", "OPV",    "OSS",      "OT",     "PA",       "PLAN",     "POS",
    "PR",   "PT",    "PX",     "REG",    "RESP", "RF",       "RG",       "RTDOSE", "RTIMAGE",  "RTINTENT", "RTPLAN",
    "RTRAD", "RTRECORD", "RTSEGANN", "RTSTRUCT", "RWV", "SEG", "SM",     "SMR",    "SR",       "SRF",      "ST",
    "STAIN", "TEXTUREMAP", "TG", "US",   "VA",   "VF",       "VL",       "XA",     "XAPROTOCOL", "XC"};

}  // namespace

bool isStandardModality(std::string_view modality) {
  return std::find(std::begin(kModalities), std::end(kModalities), modality) != std::end(kModalities);
}

}  // namespace imaging::workflow
