#include "progress.h"

#include <unistd.h>

#include <csignal>
#include <cstdio>

namespace werkbaat::cli {
namespace {

volatile std::sig_atomic_t g_stop = 0;

extern "C" void on_stop_signal(int) { g_stop = 1; }

}  // namespace

void install_stop_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

bool stop_requested() { return g_stop != 0; }

Progress::Progress(bool enabled) : enabled_(enabled && ::isatty(STDERR_FILENO)), start_(std::chrono::steady_clock::now()) {}

void Progress::update(int done, int total) {
  if (!enabled_) return;
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  if (elapsed < 1.0) return;
  const double left = done > 0 ? elapsed * (total - done) / done : 0.0;
  std::fprintf(stderr, "\r\033[Kdraws %d/%d  elapsed %.1fs  left ~%.1fs", done, total, elapsed, left);
  std::fflush(stderr);
  shown_ = true;
}

void Progress::finish() {
  if (shown_) std::fputs("\r\033[K", stderr);
  shown_ = false;
}

}  // namespace werkbaat::cli
