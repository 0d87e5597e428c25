#pragma once
// A DICOMweb server as an input: `dicomweb+http(s)://HOST[:PORT]/PATH?QIDO-query`. The studies the
// QIDO-RS search finds are retrieved by WADO-RS into a folder, which is then scanned and
// de-identified exactly as a folder input (docs/scale-out.md, "DICOMweb source").
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "imaging/dicomweb/http_client.h"

namespace imaging {

struct DicomWebSource {
  std::string base_url;  // http(s)://host[:port]/path: the DICOMweb root (…/studies is added)
  std::string query;     // the QIDO-RS query without '?', e.g. "StudyDate=20240101-20241231"; may be empty
  HttpAuth auth;

  // What messages may name: base_url (no query: it may hold patient identifiers).
  const std::string& display() const { return base_url; }
};

// True when text starts with "dicomweb+http://" or "dicomweb+https://".
bool isDicomWebSource(const std::string& text);

// Parses "dicomweb+http(s)://HOST[:PORT]/PATH[?QUERY]". A trailing "/studies" on PATH is dropped
// (the root and the search resource are both accepted). Throws Error(InvalidArgument), naming the
// URL without its query: another scheme, no host, a bad port, user:password@ in the URL (give it
// as an option: a URL shows in process lists and shell history), a fragment.
DicomWebSource parseDicomWebSource(const std::string& text);

struct FetchOptions {
  int timeout_s = 30;                          // connection, and any stall of a transfer
  int retries = 3;                             // further tries of a request after no answer or HTTP 5xx
  std::chrono::milliseconds retry_delay{500};  // first backoff; doubles each retry
  const std::atomic<bool>* cancel = nullptr;   // checked between studies and while receiving
  std::function<void(std::size_t studies_done, std::size_t studies_total)> progress;
};

struct FetchResult {
  std::size_t studies = 0;
  std::size_t instances = 0;
  std::uint64_t bytes = 0;
  double seconds = 0;
};

// Searches (QIDO-RS GET /studies?QUERY, paged with offset when the server pages) and retrieves
// every study found (WADO-RS GET /studies/{uid}, multipart/related; type="application/dicom",
// transfer-syntax=* so the stored bytes come back unchanged) into `into` (an existing, empty,
// private folder), one file per instance: s000001/i000001.dcm, ... in the search's order.
// Throws Error with one line naming display() and the reason: Io (unreachable after retries,
// HTTP error status, with a hint for 401/403), Corrupt (an answer that is not DICOM JSON or not
// multipart/related of application/dicom), Truncated (a retrieval cut short after retries),
// Cancelled. Never names a UID or a query value.
FetchResult fetchStudies(const DicomWebSource& source, const std::filesystem::path& into, const FetchOptions& options = {});

}  // namespace imaging
