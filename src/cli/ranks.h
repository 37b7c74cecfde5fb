#pragma once
// The MPI ranks a command runs on: one, unless werkbaat was built with MPI (WERKBAAT_MPI) and
// started by mpirun. Collective calls are made by every rank in the same order; without MPI
// they are what one rank alone would get.
#include <string>
#include <vector>

namespace werkbaat::cli {

class Ranks {
 public:
  // Starts MPI when this process was launched by an MPI launcher (and werkbaat has MPI).
  static void start(int& argc, char**& argv);
  static void stop();  // MPI_Finalize, when started
  static int rank();
  static int size();
  // The ranks that share this machine (to split its cores between them).
  static int local_size();
  // The largest of every rank's value (an error code: 0 when all went well).
  static int max(int value);
  // The smallest of every rank's value.
  static int min(int value);
  // Every rank's bytes, in rank order, on rank 0 (empty elsewhere).
  static std::vector<std::string> gather(const std::string& bytes);
};

}  // namespace werkbaat::cli
