#include "gen/usdt_resolve.h"

#include <algorithm>
#include <fstream>

#include "gen/probe_resolve.h"
#include "gen/usdt_notes.h"
#include "util/strings.h"

namespace sctrace::gen {

namespace {

// The spec's target split into provider (maybe empty) and probe name.
struct ProbeRef {
  std::string provider;
  std::string name;
};

ProbeRef probe_ref(const std::string& target) {
  std::size_t colon = target.find(':');
  if (colon == std::string::npos)
    return {"", target};
  return {target.substr(0, colon), target.substr(colon + 1)};
}

const UsdtProbe* find_probe(const std::vector<UsdtProbe>& probes,
                            const ProbeRef& ref) {
  for (const auto& p : probes)
    if (p.name == ref.name &&
        (ref.provider.empty() || p.provider == ref.provider))
      return &p;
  return nullptr;
}

// "a:b, c:d, ... (and 12 more)".
std::string listed(const std::vector<UsdtProbe>& probes) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < probes.size() && i < kMaxListedProbes; ++i)
    names.push_back(probes[i].full_name());
  std::string out = util::join(names, ", ");
  if (probes.size() > kMaxListedProbes)
    out += " ... and " + std::to_string(probes.size() - kMaxListedProbes) +
           " more";
  return out;
}

Error no_notes(const std::string& path) {
  return make_error(ErrorKind::NotFound,
                    path +
                        " has no USDT probes (no .note.stapsdt notes: it "
                        "was built without <sys/sdt.h> probes); trace one "
                        "of its functions with p:" +
                        path + ":FUNCTION instead");
}

Error not_declared(const std::string& target, const std::string& path,
                   const std::vector<UsdtProbe>& probes) {
  std::string n = std::to_string(probes.size());
  return make_error(ErrorKind::NotFound,
                    "USDT probe '" + target + "' is not in " + path + "; its " +
                        n +
                        (probes.size() == 1 ? " probe is: " : " probes are: ") +
                        listed(probes));
}

UsdtLocation found(const std::string& path, const UsdtProbe& p) {
  return {path, p.full_name(), p.arg_count};
}

// u:BINARY:PROBE.
Result<UsdtLocation> in_binary(const spec::TraceSpec& spec) {
  SCTRACE_TRY_ASSIGN(path, resolve_library(spec.library));
  auto probes = elf_usdt_probes(path);
  if (!probes.ok())
    return UsdtLocation{path, spec.target, std::nullopt};
  if (probes->empty())
    return no_notes(path);
  const UsdtProbe* p = find_probe(*probes, probe_ref(spec.target));
  if (p == nullptr)
    return not_declared(spec.target, path, *probes);
  return found(path, *p);
}

// u::PROBE -p PID.
Result<UsdtLocation> in_process(const spec::TraceSpec& spec, std::int64_t pid) {
  SCTRACE_TRY_ASSIGN(files, process_executable_files(pid));
  ProbeRef ref = probe_ref(spec.target);
  for (const auto& file : files) {
    auto probes = elf_usdt_probes(file);
    if (!probes.ok())
      continue;
    if (const UsdtProbe* p = find_probe(*probes, ref))
      return found(file, *p);
  }
  std::string pid_text = std::to_string(pid);
  return make_error(ErrorKind::NotFound,
                    "no file that process " + pid_text +
                        " maps declares USDT probe '" + spec.target +
                        "' (searched its " + std::to_string(files.size()) +
                        " executable mappings: " + util::join(files, ", ") +
                        "); name the binary instead: u:BINARY:" + spec.target);
}

bool is_path_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '/' ||
         c == '-' || c == '+';
}

// The path of one maps line when the mapping is an executable file.
std::optional<std::string> executable_file(const std::string& line) {
  std::vector<std::string> fields;
  std::size_t pos = 0;
  for (int i = 0; i < 5; ++i) {
    std::size_t start = line.find_first_not_of(' ', pos);
    if (start == std::string::npos)
      return std::nullopt;
    pos = line.find(' ', start);
    fields.push_back(line.substr(start, pos - start));
    if (pos == std::string::npos)
      return std::nullopt;
  }
  std::size_t start = line.find_first_not_of(' ', pos);
  if (fields[1].size() < 3 || fields[1][2] != 'x' || start == std::string::npos)
    return std::nullopt;
  std::string path = line.substr(start);
  if (path.front() != '/' ||
      !std::all_of(path.begin(), path.end(), is_path_char))
    return std::nullopt; // also " (deleted)" files
  return path;
}

} // namespace

Result<std::vector<std::string>>
process_executable_files(std::int64_t pid, std::string_view proc_root) {
  std::string maps =
      std::string(proc_root) + "/" + std::to_string(pid) + "/maps";
  std::ifstream in(maps);
  if (!in)
    return make_error(ErrorKind::NotFound, "process " + std::to_string(pid) +
                                               " does not exist (cannot read " +
                                               maps + ")");
  std::vector<std::string> files;
  std::string line;
  while (std::getline(in, line)) {
    auto path = executable_file(line);
    if (path && std::find(files.begin(), files.end(), *path) == files.end())
      files.push_back(*path);
  }
  return files;
}

Result<UsdtLocation> locate_usdt_probe(const spec::TraceSpec& spec,
                                       std::optional<std::int64_t> pid) {
  if (!spec.library.empty())
    return in_binary(spec);
  if (pid)
    return in_process(spec, *pid);
  return make_error(ErrorKind::NotFound,
                    "u::" + spec.target +
                        " names no binary: give the process whose binaries "
                        "declare it with -p PID, or name the binary: "
                        "u:BINARY:" +
                        spec.target);
}

} // namespace sctrace::gen
