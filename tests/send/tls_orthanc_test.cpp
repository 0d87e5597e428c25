// C-STORE over DICOM TLS to a real Orthanc with "DicomTlsEnabled": a throwaway CA and certificates
// made here with the openssl command line; the right CA sends, a wrong CA fails with one clear line.
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <tuple>

#include <gtest/gtest.h>

#include "imaging/core/error.h"
#include "imaging/media/scan.h"
#include "imaging/send/send.h"
#include "orthanc_server.h"
#include "send_fixtures.h"

namespace send_test {
namespace {

struct TlsFiles {
  std::filesystem::path ca, other_ca, server_cert, server_key, client_cert, client_key;
};

void openssl(const std::string& arguments) {
  const int status = std::system(("openssl " + arguments + " >/dev/null 2>&1").c_str());
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error("openssl " + arguments.substr(0, arguments.find(' ')) + " failed (is package openssl installed?)");
}

// A CA, a server and a client certificate signed by it, and an unrelated second CA.
TlsFiles makeTlsFiles(const std::filesystem::path& folder) {
  std::filesystem::create_directories(folder);
  const auto in = [&folder](const char* name) { return folder / name; };
  TlsFiles files{in("ca.crt"), in("other-ca.crt"), in("server.crt"), in("server.key"), in("client.crt"), in("client.key")};
  for (const auto& [cert, key, name] : {std::tuple{files.ca, in("ca.key"), "Test CA"},
                                        std::tuple{files.other_ca, in("other-ca.key"), "Other CA"}})
    openssl("req -x509 -newkey rsa:2048 -nodes -days 2 -subj '/CN=" + std::string(name) + "' -keyout " + quoted(key) +
            " -out " + quoted(cert));
  for (const auto& [cert, key, name] : {std::tuple{files.server_cert, files.server_key, "orthanc"},
                                        std::tuple{files.client_cert, files.client_key, "scanshare"}}) {
    const auto request = folder / (std::string(name) + ".csr");
    openssl("req -newkey rsa:2048 -nodes -subj '/CN=" + std::string(name) + "' -keyout " + quoted(key) + " -out " +
            quoted(request));
    openssl("x509 -req -days 2 -in " + quoted(request) + " -CA " + quoted(files.ca) + " -CAkey " + quoted(in("ca.key")) +
            " -CAcreateserial -out " + quoted(cert));
  }
  return files;
}

OrthancSettings tlsSettings(const TlsFiles& files) {
  OrthancSettings settings;
  settings.tls = OrthancTls{files.server_cert, files.server_key, files.ca};
  return settings;
}

std::string toArgument(const OrthancServer& orthanc) {
  return orthanc.aet() + "@127.0.0.1:" + std::to_string(orthanc.dicomPort());
}

TEST(CStoreTls, SendsOverTlsWithIdenticalPixels) {
  const auto folder = freshFolder("tls-send");
  const TlsFiles files = makeTlsFiles(folder / "pki");
  OrthancServer orthanc(folder / "orthanc", tlsSettings(files));
  ASSERT_NO_THROW(orthanc.start());
  const auto input = folder / "input";
  std::filesystem::create_directories(input);
  std::vector<Fixture> fixtures;
  for (int i = 0; i < 3; ++i) fixtures.push_back(writeFixture(input, i));

  imaging::SendOptions options;
  options.tls = imaging::DicomTlsFiles{files.client_cert, files.client_key, files.ca};
  options.timeout_s = 10;
  const imaging::SendReport report =
      imaging::sendByCStore(imaging::scan(input), imaging::parseDicomPeer(toArgument(orthanc)), options);
  EXPECT_EQ(report.count(imaging::SendOutcome::Sent), 3u);
  EXPECT_TRUE(report.allDone());
  const auto stored = orthanc.storedInstances();
  ASSERT_EQ(stored.size(), 3u);
  for (const Fixture& fixture : fixtures) {
    ASSERT_EQ(stored.count(fixture.sop_instance_uid), 1u);
    const auto copy = orthanc.fetchFile(stored.at(fixture.sop_instance_uid), folder / "stored.dcm");
    EXPECT_EQ(decodedPixelBytes(copy), fixture.raw_pixels);
  }
}

TEST(CStoreTls, WrongCaOrNoTlsFailsWithOneClearLine) {
  const auto folder = freshFolder("tls-wrong-ca");
  const TlsFiles files = makeTlsFiles(folder / "pki");
  OrthancServer orthanc(folder / "orthanc", tlsSettings(files));
  ASSERT_NO_THROW(orthanc.start());
  const auto input = folder / "input";
  std::filesystem::create_directories(input);
  writeFixture(input, 0);
  const auto exported = exportFor(input, folder);  // send takes only what verify finds clean
  const std::string to = " --to " + toArgument(orthanc) + " --timeout 5 --retries 0 --state " + quoted(folder / "state");

  const CliRun wrong_ca = runCli("send " + quoted(exported) + to + " --tls --cert " + quoted(files.client_cert) + " --key " +
                                     quoted(files.client_key) + " --ca " + quoted(files.other_ca),
                                 folder);
  EXPECT_EQ(wrong_ca.exit_code, 2);
  EXPECT_NE(wrong_ca.err.find("certificate is not signed by the CA given with --ca"), std::string::npos) << wrong_ca.err;
  EXPECT_EQ(std::count(wrong_ca.err.begin(), wrong_ca.err.end(), '\n'), 1) << wrong_ca.err;

  const CliRun plain = runCli("send " + quoted(exported) + to, folder);
  EXPECT_EQ(plain.exit_code, 2) << "plain DICOM to a TLS-only port must not count as sent";
  EXPECT_NE(plain.err.find("use --tls"), std::string::npos) << plain.err;
  EXPECT_EQ(std::count(plain.err.begin(), plain.err.end(), '\n'), 1) << plain.err;

  const CliRun missing = runCli("send " + quoted(exported) + to + " --tls --cert " + quoted(files.client_cert) + " --key " +
                                    quoted(folder / "no-such.key") + " --ca " + quoted(files.ca),
                                folder);
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("--key"), std::string::npos) << missing.err;
  EXPECT_NE(missing.err.find("no-such.key"), std::string::npos) << missing.err;
  EXPECT_TRUE(orthanc.storedInstances().empty());

  const CliRun right = runCli("send " + quoted(exported) + to + " --tls --cert " + quoted(files.client_cert) + " --key " +
                                  quoted(files.client_key) + " --ca " + quoted(files.ca),
                              folder);
  EXPECT_EQ(right.exit_code, 0) << right.err;
  EXPECT_EQ(orthanc.storedInstances().size(), 1u);
}

TEST(CStoreTls, AnonymizeSendsOverTlsWithoutKeepingACopy) {
  const auto folder = freshFolder("tls-anonymize");
  const TlsFiles files = makeTlsFiles(folder / "pki");
  OrthancServer orthanc(folder / "orthanc", tlsSettings(files));
  ASSERT_NO_THROW(orthanc.start());
  const auto input = folder / "input";
  std::filesystem::create_directories(input);
  FixtureSpec identified;
  identified.deidentified = false;
  for (int i = 0; i < 2; ++i) writeFixture(input, i, identified);
  const auto tmp = folder / "tmp";
  std::filesystem::create_directories(tmp);

  const CliRun run = runCli("anonymize " + quoted(input) + " --send " + toArgument(orthanc) + " --tls --tls-cert " +
                                quoted(files.client_cert) + " --tls-key " + quoted(files.client_key) + " --tls-ca " +
                                quoted(files.ca),
                            folder, "TMPDIR=" + quoted(tmp) + " XDG_CONFIG_HOME=" + quoted(folder / "config"));
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("sent 2, failed 0 of 2"), std::string::npos) << run.out;
  EXPECT_EQ(orthanc.storedInstances().size(), 2u);
  EXPECT_TRUE(std::filesystem::is_empty(tmp)) << "the temporary copy must be gone";
}

}  // namespace
}  // namespace send_test
