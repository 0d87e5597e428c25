#!/usr/bin/env bash
# Installs every Debian 12 package ScanShare needs to build, test and benchmark. Idempotent.
# Why each package is needed: docs/dependencies.md.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git
  libdcmtk-dev dcmtk                      # DICOM parsing, codecs, DICOMDIR, network
  libvtk9-dev                             # slice rendering, MPR (viewer)
  qt6-base-dev libqt6opengl6-dev          # viewer UI
  libgtest-dev libgmock-dev libbenchmark-dev
  libssl-dev                              # HMAC-SHA256 for UIDs, dates, pseudonyms
  libopenjp2-7-dev                        # JPEG 2000 decode (DCMTK 3.6.7 has none)
  libcharls-dev                           # JPEG-LS decode (DCMTK 3.6.7 rejects 2..7-bit streams)
  libpng-dev                              # PNG export
  libzip-dev zip unzip                    # zip input and output
  libarchive-dev                          # CD image (.iso, ISO 9660 / Joliet / Rock Ridge) input
  libjemalloc-dev                         # the command line's allocator (faster than glibc's for DCMTK)
  xorriso                                 # tests: CD images written as authoring tools write them
  nlohmann-json3-dev libcli11-dev         # JSON, command line
  xvfb xauth                              # viewer tests under a virtual display
  dicom3tools                             # dciodvfy: conformance check of exports
  python3 python3-pydicom                 # pydicom's odd-file test corpus; table generator
  libgdcm-tools                           # gdcmanon, for benchmark comparisons
  time                                    # /usr/bin/time for peak memory in benchmarks
  libcurl4-openssl-dev                    # send: DICOMweb STOW-RS client
  orthanc orthanc-dicomweb                # send: the real DICOM/DICOMweb server the send tests talk to
  openssl                                 # send: throwaway CA and certificates for the DICOM TLS tests
  slurm-wlm munge                         # scale-out: the one-node Slurm of ScaleOut.SlurmArray (scripts/slurm-test.sh)
  python3-yaml                            # scale-out: ScaleOut.KubernetesJob reads the Job manifest
  libtesseract-dev tesseract-ocr-eng libleptonica-dev  # burned-in text: OCR (Tesseract 5, English model)
  zlib1g-dev                              # deflated data sets (structure check, fixtures)
  wamerican wbritish hunspell-en-med      # free-text allow-list: English and medical words (build time)
  wngerman wfrench wspanish witalian wdutch wportuguese  # free-text allow-list: the languages hospitals write
  dpkg-dev fakeroot file                  # packaging: cpack's .deb (dpkg-shlibdeps computes Depends), scripts/package.sh
  lintian desktop-file-utils              # packaging: checks the .deb, its desktop entry and man pages
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "setup: installing ${#missing[@]} packages: ${missing[*]}"
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
