// WADO-RS: every study the search found, streamed part by part into files of a private folder.
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>

#include "imaging/core/error.h"
#include "imaging/dicomweb/source.h"
#include "multipart_reader.h"
#include "qido.h"

namespace imaging {
namespace {

using dicomweb_detail::MultipartReader;

// transfer-syntax=* asks for the instances as stored (PS3.18 §8.7.3.5): the bytes then equal the
// archive's files, so a DICOMweb input de-identifies to what the same files give.
const std::string kAcceptStored = "multipart/related; type=\"application/dicom\"; transfer-syntax=*";
const std::string kAcceptDefault = "multipart/related; type=\"application/dicom\"";

std::string numbered(char letter, std::size_t n) {
  char name[32];
  std::snprintf(name, sizeof name, "%c%06zu", letter, n);
  return name;
}

bool isDicomPart(const std::string& content_type) {
  std::string type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return type == "application/dicom";
}

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

// One study's answer: parts into study_dir/i000001.dcm, ...
class StudyWriter {
 public:
  explicit StudyWriter(std::filesystem::path dir) : dir_(std::move(dir)) {}
  StudyWriter(const StudyWriter&) = delete;  // the parser's handlers point at this object
  StudyWriter& operator=(const StudyWriter&) = delete;

  // The sink for HttpClient::getStreamed: sets up the parser from the answer's Content-Type.
  bool accept(const std::string& content_type, const char* data, std::size_t size, std::string& why) {
    try {
      if (!reader_) {
        const auto boundary = dicomweb_detail::multipartBoundary(content_type);
        if (!boundary) throw Error(ErrorCode::Corrupt, "answer is not multipart/related");
        reader_ = std::make_unique<MultipartReader>(*boundary, MultipartReader::Handlers{
            [this](const std::string& type) { beginPart(type); },
            [this](const char* d, std::size_t n) { writePart(d, n); },
            [this] { endPart(); }});
      }
      reader_->feed(data, size);
      return true;
    } catch (const Error& e) {
      failure_ = std::make_unique<Error>(e);
      why = e.what();
      return false;
    }
  }

  // After the transfer: the parser saw the whole body (or there was none: an empty study).
  void finish() const {
    if (failure_) throw *failure_;
    if (reader_) reader_->finish();
  }
  const Error* failure() const { return failure_.get(); }
  std::size_t instances() const { return count_; }
  std::uint64_t bytes() const { return bytes_; }

 private:
  void beginPart(const std::string& type) {
    if (!isDicomPart(type)) throw Error(ErrorCode::Corrupt, "a part of the answer is '" + type.substr(0, 64) + "', not application/dicom");
    const std::filesystem::path path = dir_ / (numbered('i', ++count_) + ".dcm");
    file_.reset(std::fopen(path.c_str(), "wb"));
    if (!file_) throw Error(ErrorCode::Io, std::string("cannot write a retrieved instance: ") + std::strerror(errno), path.string());
  }
  void writePart(const char* data, std::size_t size) {
    if (std::fwrite(data, 1, size, file_.get()) != size) throw Error(ErrorCode::Io, "cannot write a retrieved instance (disk full?)");
    bytes_ += size;
  }
  void endPart() {
    if (std::fclose(file_.release()) != 0) throw Error(ErrorCode::Io, "cannot write a retrieved instance (disk full?)");
  }

  std::filesystem::path dir_;
  std::unique_ptr<MultipartReader> reader_;
  std::unique_ptr<std::FILE, FileCloser> file_;
  std::unique_ptr<Error> failure_;
  std::size_t count_ = 0;
  std::uint64_t bytes_ = 0;
};

bool cancelled(const FetchOptions& options) { return options.cancel && options.cancel->load(); }

// Retrieves one study into dir (fresh for every try): retries when the server is unreachable,
// answers 5xx or the transfer breaks off; falls back to the server's default transfer syntax when
// it refuses transfer-syntax=* (HTTP 400/406).
struct Retrieved {
  std::size_t instances = 0;
  std::uint64_t bytes = 0;
};

Retrieved retrieveStudy(HttpClient& client, const DicomWebSource& source, const std::string& uid,
                          const std::filesystem::path& dir, std::size_t number, std::size_t total,
                          const FetchOptions& options) {
  const std::string where = "DICOMweb source " + source.display() + ": WADO-RS retrieval of study " +
                            std::to_string(number) + " of " + std::to_string(total) + " ";
  const std::string url = source.base_url + "/studies/" + uid;
  std::string accept = kAcceptStored;
  std::string last_problem;
  for (int attempt = 0; attempt <= options.retries; ++attempt) {
    if (attempt > 0 && !dicomweb_detail::backoff(options, attempt)) throw Error(ErrorCode::Cancelled, "cancelled");
    std::error_code ec;  // errors cross the library boundary as imaging::Error, never filesystem_error
    std::filesystem::remove_all(dir, ec);
    if (!std::filesystem::create_directory(dir, ec) || ec)
      throw Error(ErrorCode::Io, "cannot create a folder for the retrieved study: " + ec.message(), dir.string());
    StudyWriter writer(dir);
    const HttpAnswer answer = client.getStreamed(
        url, accept, [&](const std::string& type, const char* data, std::size_t size, std::string& why) {
          if (cancelled(options)) {
            why = "cancelled";
            return false;
          }
          return writer.accept(type, data, size, why);
        });
    if (cancelled(options)) throw Error(ErrorCode::Cancelled, "cancelled");
    if (const Error* failure = writer.failure()) {  // the answer itself is wrong: no retry helps
      throw Error(failure->code(), where + failure->what(), failure->path());
    }
    if (!answer.reached) {
      last_problem = "cannot reach the server or the transfer broke off: " + answer.error;
      continue;
    }
    if ((answer.status == 400 || answer.status == 406) && accept == kAcceptStored) {
      accept = kAcceptDefault;  // the server cannot send "as stored": take its default syntax
      --attempt;
      continue;
    }
    if (answer.status >= 500) {
      last_problem = dicomweb_detail::statusReason(answer.status);
      continue;
    }
    if (answer.status == 204) return {};  // nothing stored for that study any more
    if (answer.status != 200) throw Error(ErrorCode::Io, where + dicomweb_detail::statusReason(answer.status));
    try {
      writer.finish();
    } catch (const Error& e) {
      if (e.code() != ErrorCode::Truncated) throw Error(e.code(), where + e.what());
      last_problem = e.what();  // the connection closed early: try again
      continue;
    }
    return {writer.instances(), writer.bytes()};
  }
  throw Error(ErrorCode::Io, where + last_problem + " (after " + std::to_string(options.retries) + " retries)");
}

}  // namespace

FetchResult fetchStudies(const DicomWebSource& source, const std::filesystem::path& into, const FetchOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  HttpClient client(source.auth, options.timeout_s);
  const std::vector<std::string> studies = dicomweb_detail::searchStudies(client, source, options);
  FetchResult result;
  for (std::size_t i = 0; i < studies.size(); ++i) {
    if (cancelled(options)) throw Error(ErrorCode::Cancelled, "cancelled");
    const Retrieved study = retrieveStudy(client, source, studies[i], into / numbered('s', i + 1), i + 1, studies.size(), options);
    ++result.studies;
    result.instances += study.instances;
    result.bytes += study.bytes;
    if (options.progress) options.progress(i + 1, studies.size());
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace imaging
