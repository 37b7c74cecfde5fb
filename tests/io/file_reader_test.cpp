// The disk reader reads regular files only: never a directory, a device or a pipe (which would
// block or read forever), and nothing larger than a scenario can be.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include "../test_support.h"
#include "werkbaat/io/file_reader.h"

using namespace werkbaat;
namespace fs = std::filesystem;

TEST_CASE("the disk reader refuses what is not a regular file of reasonable size, and says what it is") {
  const fs::path dir = test::fresh_dir("file-reader");
  test::write(dir / "ok.yaml", "name: x\n");
  const io::DiskFileReader disk;
  CHECK(disk.read((dir / "ok.yaml").string()).text == "name: x\n");
  CHECK(disk.read((dir / "missing.yaml").string()).problem == "no such file");
  CHECK(disk.read(dir.string()).problem == "a directory, not a file");
  CHECK(disk.read("/dev/zero").problem == "not a regular file (a device, pipe or socket)");
  REQUIRE(::mkfifo((dir / "pipe").c_str(), 0600) == 0);
  CHECK(disk.read((dir / "pipe").string()).problem == "not a regular file (a device, pipe or socket)");
  {
    std::ofstream big(dir / "big.yaml");
    big.seekp(static_cast<std::streamoff>(io::DiskFileReader::kMaxFileSize) + 1);
    big << 'x';
  }
  CHECK(disk.read((dir / "big.yaml").string()).problem == "larger than 16 MiB; a scenario file is far smaller");
  // Through the loader, with the place of the uses: entry.
  test::write(dir / "top.yaml", "uses: /dev/zero\n");
  CHECK_THROWS_WITH_AS(io::load_scenario((dir / "top.yaml").string()),
                       ((dir / "top.yaml").string() +
                        ":1:7: uses: cannot read '/dev/zero': not a regular file (a device, pipe or socket)")
                           .c_str(),
                       InputError);
  fs::remove_all(dir);
}
