#include "sweep_workers.h"

#include <fcntl.h>
#include <fmt/core.h>
#include <poll.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <iostream>

namespace trio6sim::cli {

namespace {

struct Worker {
  pid_t pid = -1;
  int fd = -1;
  std::size_t slot = 0;  // index into `points`
  std::string output;
};

void write_all(int fd, const std::string& s) {
  std::size_t done = 0;
  while (done < s.size()) {
    const ssize_t n = ::write(fd, s.data() + done, s.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

// The worker: one point, its row (or "error\t...") on `fd`, then _exit so no
// destructor of the parent's state (or SystemC's) runs twice.
[[noreturn]] void work(const sweep::Point& p, const PointRunner& run, int fd) {
  // Standard output belongs to the parent's report; a model's chatter goes nowhere.
  if (int null = ::open("/dev/null", O_WRONLY); null >= 0) ::dup2(null, STDOUT_FILENO);
  int status = 0;
  try {
    write_all(fd, sweep::serialize(run(p)));
  } catch (const std::exception& e) {
    std::string message = e.what();
    for (char& c : message)
      if (c == '\n') c = ' ';
    write_all(fd, "error\t" + message);
    status = 3;
  }
  ::close(fd);
  ::_exit(status);
}

std::string seconds(double s) { return s < 100 ? fmt::format("{:.1f} s", s) : fmt::format("{:.0f} s", s); }

}  // namespace

int usable_cores() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0) return CPU_COUNT(&set);
  const long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? static_cast<int>(n) : 1;
}

Expected<std::vector<sweep::Row>, std::string> run_in_workers(const std::vector<const sweep::Point*>& points,
                                                              int jobs, const PointRunner& run, Progress progress) {
  std::vector<sweep::Row> rows(points.size());
  std::vector<Worker> running;
  std::string failure;
  std::size_t next = 0, done = 0;
  const auto start = std::chrono::steady_clock::now();
  std::cout.flush();  // nothing buffered may be written twice by a worker
  std::cerr.flush();

  double last_line = -kProgressLineSeconds;  // a batch log's first line at once
  auto draw = [&](bool last) {
    if (progress == Progress::kNone) return;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (progress == Progress::kLines && !last && elapsed - last_line < kProgressLineSeconds) return;
    last_line = elapsed;
    std::string line = fmt::format("sweep: {}/{} points, {} elapsed", done, points.size(), seconds(elapsed));
    if (done > 0 && done < points.size())
      line += ", ETA " + seconds(elapsed / static_cast<double>(done) * static_cast<double>(points.size() - done));
    if (progress == Progress::kTerminal) std::cerr << "\r" << line << "\033[K" << (last ? "\n" : "") << std::flush;
    else std::cerr << line << "\n" << std::flush;
  };
  draw(false);

  while (done < points.size() && (failure.empty() || !running.empty())) {
    while (failure.empty() && next < points.size() && static_cast<int>(running.size()) < jobs) {
      int fds[2];
      if (::pipe(fds) != 0) return unexpected(std::string("cannot create a pipe: ") + std::strerror(errno));
      const pid_t pid = ::fork();
      if (pid < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        failure = std::string("cannot start a worker process: ") + std::strerror(errno);
        break;
      }
      if (pid == 0) {
        ::close(fds[0]);
        for (const Worker& w : running) ::close(w.fd);
        work(*points[next], run, fds[1]);
      }
      ::close(fds[1]);
      running.push_back({pid, fds[0], next, {}});
      ++next;
    }
    if (running.empty()) break;

    std::vector<pollfd> polls;
    for (const Worker& w : running) polls.push_back({w.fd, POLLIN, 0});
    if (::poll(polls.data(), polls.size(), -1) < 0) {
      if (errno == EINTR) continue;
      return unexpected(std::string("poll: ") + std::strerror(errno));
    }
    for (std::size_t i = polls.size(); i-- > 0;) {
      if (!(polls[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      Worker& w = running[i];
      char buffer[65536];
      const ssize_t n = ::read(w.fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n > 0) {
        w.output.append(buffer, static_cast<std::size_t>(n));
        continue;
      }
      // End of the worker's output: collect it.
      ::close(w.fd);
      int status = 0;
      while (::waitpid(w.pid, &status, 0) < 0 && errno == EINTR) {
      }
      const sweep::Point& p = *points[w.slot];
      if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        auto row = sweep::deserialize(w.output);
        if (row) rows[w.slot] = std::move(*row);
        else if (failure.empty()) failure = fmt::format("point {} ({}): {}", p.index, sweep::describe(p), row.error());
      } else if (failure.empty()) {
        std::string why = w.output.rfind("error\t", 0) == 0 ? w.output.substr(6)
                          : WIFSIGNALED(status) ? fmt::format("the worker ended by signal {} ({})", WTERMSIG(status),
                                                              strsignal(WTERMSIG(status)))
                                                : fmt::format("the worker exited with status {}", WEXITSTATUS(status));
        failure = fmt::format("point {} ({}): {}", p.index, sweep::describe(p), why);
      }
      running.erase(running.begin() + static_cast<std::ptrdiff_t>(i));
      ++done;
      draw(false);
    }
  }
  draw(true);
  if (!failure.empty()) return unexpected(failure);
  return rows;
}

}  // namespace trio6sim::cli
