#include "ranks.h"

#include <cstdlib>
#include <stdexcept>

#ifdef WERKBAAT_HAVE_MPI
#include <mpi.h>
#endif

namespace werkbaat::cli {

#ifdef WERKBAAT_HAVE_MPI
namespace {

bool started = false;

// Set by Open MPI's, MPICH's and Slurm's launchers in the processes they start.
bool launched_by_mpi() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "PMI_RANK"})
    if (std::getenv(v)) return true;
  return false;
}

}  // namespace

void Ranks::start(int& argc, char**& argv) {
  if (!launched_by_mpi()) return;
  int provided = 0;
  // Only the main thread calls MPI; the draws use OpenMP threads in between.
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  started = true;
}

void Ranks::stop() {
  if (started) MPI_Finalize();
  started = false;
}

int Ranks::rank() {
  int r = 0;
  if (started) MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}

int Ranks::size() {
  int n = 1;
  if (started) MPI_Comm_size(MPI_COMM_WORLD, &n);
  return n;
}

int Ranks::local_size() {
  if (!started) return 1;
  MPI_Comm local;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &local);
  int n = 1;
  MPI_Comm_size(local, &n);
  MPI_Comm_free(&local);
  return n;
}

int Ranks::max(int value) {
  int out = value;
  if (started) MPI_Allreduce(&value, &out, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  return out;
}

int Ranks::min(int value) {
  int out = value;
  if (started) MPI_Allreduce(&value, &out, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  return out;
}

std::vector<std::string> Ranks::gather(const std::string& bytes) {
  if (!started) return {bytes};
  const int n = size(), me = rank();
  // Sizes first (64 bit), then the bytes in pieces MPI's int counts can hold.
  long long mine = static_cast<long long>(bytes.size());
  std::vector<long long> sizes(me == 0 ? n : 0);
  MPI_Gather(&mine, 1, MPI_LONG_LONG, sizes.data(), 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
  constexpr long long kPiece = 1 << 30;
  std::vector<std::string> out;
  if (me == 0) {
    out.resize(n);
    out[0] = bytes;
    for (int r = 1; r < n; ++r) {
      out[r].resize(static_cast<std::size_t>(sizes[r]));
      for (long long at = 0; at < sizes[r]; at += kPiece)
        MPI_Recv(out[r].data() + at, static_cast<int>(std::min(kPiece, sizes[r] - at)), MPI_CHAR, r, 0, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
    }
  } else {
    for (long long at = 0; at < mine; at += kPiece)
      MPI_Send(bytes.data() + at, static_cast<int>(std::min(kPiece, mine - at)), MPI_CHAR, 0, 0, MPI_COMM_WORLD);
  }
  return out;
}

#else

void Ranks::start(int&, char**&) {}
void Ranks::stop() {}
int Ranks::rank() { return 0; }
int Ranks::size() { return 1; }
int Ranks::local_size() { return 1; }
int Ranks::max(int value) { return value; }
int Ranks::min(int value) { return value; }
std::vector<std::string> Ranks::gather(const std::string& bytes) { return {bytes}; }

#endif

}  // namespace werkbaat::cli
