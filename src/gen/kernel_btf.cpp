#include "gen/kernel_btf.h"

#include <bpf/btf.h>
#include <unistd.h>

#include <cctype>
#include <map>
#include <mutex>
#include <system_error>
#include <thread>

namespace sctrace::gen {
namespace {

enum class Sep { Arrow, Dot, End };

struct Hop {
  std::string name;
  Sep sep;
};

// "a->b.c" as hops, or empty for a malformed path.
std::vector<Hop> split_path(std::string_view path) {
  std::vector<Hop> hops;
  std::size_t i = 0;
  while (i < path.size()) {
    std::size_t start = i;
    while (i < path.size() &&
           (std::isalnum(static_cast<unsigned char>(path[i])) != 0 ||
            path[i] == '_'))
      ++i;
    if (i == start)
      return {};
    Hop hop{std::string(path.substr(start, i - start)), Sep::End};
    if (path.substr(i, 2) == "->") {
      hop.sep = Sep::Arrow;
      i += 2;
    } else if (i < path.size() && path[i] == '.') {
      hop.sep = Sep::Dot;
      ++i;
    } else if (i < path.size()) {
      return {};
    }
    hops.push_back(std::move(hop));
  }
  if (!hops.empty() && hops.back().sep != Sep::End)
    return {};
  return hops;
}

// The type behind typedefs and qualifiers; ID becomes its id.
const btf_type* resolve(const struct btf* b, std::uint32_t& id) {
  const btf_type* t = btf__type_by_id(b, id);
  while (t != nullptr && (btf_is_typedef(t) || btf_is_mod(t))) {
    id = t->type;
    t = btf__type_by_id(b, id);
  }
  return t;
}

struct Found {
  std::uint32_t type_id;
  std::uint32_t bit_offset;
};

// Member NAME of the struct or union ID, also inside its anonymous members;
// nullopt when missing or a bitfield.
std::optional<Found> find_member(const struct btf* b, std::uint32_t id,
                                 std::string_view name) {
  const btf_type* t = resolve(b, id);
  if (t == nullptr || !btf_is_composite(t))
    return std::nullopt;
  const btf_member* m = btf_members(t);
  for (int i = 0; i < btf_vlen(t); ++i) {
    const char* n = btf__name_by_offset(b, m[i].name_off);
    const std::uint32_t bits = btf_member_bit_offset(t, i);
    if (n != nullptr && *n != '\0') {
      if (name != n)
        continue;
      if (btf_member_bitfield_size(t, i) != 0)
        return std::nullopt;
      return Found{m[i].type, bits};
    }
    if (auto inner = find_member(b, m[i].type, name))
      return Found{inner->type_id, inner->bit_offset + bits};
  }
  return std::nullopt;
}

// The value's kind and size for a last member of type T.
std::optional<MemberAccess> value_access(const struct btf* b, const btf_type* t,
                                         MemberAccess out) {
  if (btf_is_int(t) && btf_int_offset(t) == 0 &&
      btf_int_bits(t) == t->size * 8) {
    out.size = t->size;
    out.is_signed = (btf_int_encoding(t) & BTF_INT_SIGNED) != 0;
  } else if (btf_is_ptr(t)) {
    out.size = 8;
  } else if (btf_is_array(t)) {
    std::uint32_t elem = btf_array(t)->type;
    const btf_type* e = resolve(b, elem);
    if (e == nullptr || !btf_is_int(e) || e->size != 1)
      return std::nullopt;
    out.kind = MemberAccess::Kind::Chars;
    out.size = btf_array(t)->nelems;
  } else {
    return std::nullopt;
  }
  if (out.kind == MemberAccess::Kind::Int && out.size != 1 && out.size != 2 &&
      out.size != 4 && out.size != 8)
    return std::nullopt;
  return out;
}

} // namespace

std::unique_ptr<KernelBtf> KernelBtf::load(const std::string& path) {
  // Checked first: libbpf would print its own warning for a missing file.
  if (path.empty() || ::access(path.c_str(), R_OK) != 0)
    return nullptr;
  struct btf* b = btf__parse_raw(path.c_str());
  if (b == nullptr)
    return nullptr;
  return std::unique_ptr<KernelBtf>(new KernelBtf(b));
}

namespace {

// The process's parsed BTF files and the threads parsing them ahead. The
// threads are declared last, so at exit they are joined before the map
// they fill is destroyed.
struct SharedBtf {
  std::mutex mutex;
  std::map<std::string, std::shared_ptr<const KernelBtf>> loaded;
  std::mutex prefetch_mutex;
  std::map<std::string, std::jthread> prefetches; // at most one per path
};

SharedBtf& shared_btf() {
  static SharedBtf all;
  return all;
}

} // namespace

std::shared_ptr<const KernelBtf> KernelBtf::shared(const std::string& path) {
  SharedBtf& all = shared_btf();
  std::lock_guard<std::mutex> lock(all.mutex);
  auto& slot = all.loaded[path];
  if (!slot)
    slot = load(path);
  return slot;
}

void KernelBtf::prefetch(const std::string& path) {
  SharedBtf& all = shared_btf();
  std::lock_guard<std::mutex> lock(all.prefetch_mutex);
  if (all.prefetches.count(path))
    return;
  try {
    all.prefetches.emplace(path, std::jthread([path] { shared(path); }));
  } catch (const std::system_error&) {
    // No thread: the first shared() call parses it.
  }
}

KernelBtf::~KernelBtf() {
  btf__free(btf_);
}

std::optional<MemberAccess> KernelBtf::member(std::string_view struct_name,
                                              std::string_view path) const {
  const std::vector<Hop> hops = split_path(path);
  const int sid = btf__find_by_name_kind(btf_, std::string(struct_name).c_str(),
                                         BTF_KIND_STRUCT);
  if (hops.empty() || sid < 0)
    return std::nullopt;
  std::uint32_t id = static_cast<std::uint32_t>(sid);
  std::uint32_t bits = 0; // from the last pointer followed
  MemberAccess out;
  for (const Hop& hop : hops) {
    auto found = find_member(btf_, id, hop.name);
    if (!found || found->bit_offset % 8 != 0)
      return std::nullopt;
    bits += found->bit_offset;
    id = found->type_id;
    const btf_type* t = resolve(btf_, id);
    if (t == nullptr)
      return std::nullopt;
    if (hop.sep == Sep::End) {
      out.offset = bits / 8;
      return value_access(btf_, t, out);
    }
    if (hop.sep == Sep::Arrow) {
      if (!btf_is_ptr(t))
        return std::nullopt;
      out.derefs.push_back(bits / 8);
      bits = 0;
      id = t->type;
    } else if (!btf_is_composite(t)) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

} // namespace sctrace::gen
