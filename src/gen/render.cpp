#include "gen/render.h"

#include <cstdio>
#include <cstdlib>

#include "gen/layout.h"
#include "gen/syscall_target.h"
#include "gen/templates.h"

namespace sctrace::gen {

using kainjow::mustache::data;
using kainjow::mustache::mustache;
using kainjow::mustache::partial;

namespace {

// The text of template NAME. Templates are compiled into the binary, so a
// missing one is a build bug (the code names a template that has no
// templates/NAME.tmpl): abort with a message that names it instead of
// generating a broken program.
std::string template_text(std::string_view name) {
  auto text = builtin_template(name);
  if (!text) {
    std::fprintf(stderr,
                 "sctrace: internal error: no built-in template '%.*s' "
                 "(templates/%.*s.tmpl is missing from the build)\n",
                 static_cast<int>(name.size()), name.data(),
                 static_cast<int>(name.size()), name.data());
    std::abort();
  }
  return std::string(*text);
}

// seq_next, seq_store and counted_events (gen/layout.h SEQ).
void set_numbering(data& d, bool counted) {
  d.set("seq_next", counted ? kSeqCount : kSeqNext);
  d.set("seq_store", counted ? kSeqZero : kSeqStore);
  d.set("counted_events", counted);
}

// The wire-layout text every template may print (gen/layout.h).
void set_wire_values(data& d) {
  if (d.get("seq_next") == nullptr) // set_event_numbering() not called
    set_numbering(d, false);
  d.set("kernel_stack_print", stack_print('K'));
  d.set("kernel_stack_print_addresses", stack_print('k'));
  d.set("marker_tuple", marker_tuple("(uint64)args->unused"));
}

} // namespace

std::string render_template(std::string_view name, const data& d) {
  data all = d;
  set_wire_values(all);
  all.set("follow_block", partial([] { return template_text("follow"); }));
  all.set("marker_block", partial([] { return template_text("marker"); }));
  all.set("marker_enter_block",
          partial([] { return template_text("marker_enter"); }));
  all.set("snapshot_block", partial([] { return template_text("snapshot"); }));
  all.set("syscall_exit_call",
          partial([] { return template_text("syscall_exit_call"); }));
  all.set("syscall_exit_body",
          partial([] { return template_text("syscall_exit"); }));
  mustache tmpl{template_text(name)};
  return tmpl.render(all);
}

void set_session_blocks(data& d, const GenOptions& opt) {
  if (opt.follow_root) {
    d.set("follow", true);
    d.set("root_pid", std::to_string(*opt.follow_root));
  }
  if (opt.marker_pid > 0) {
    d.set("marker", true);
    d.set("marker_pid", std::to_string(opt.marker_pid));
    d.set("marker_token", std::to_string(opt.marker_token));
  }
}

bool set_event_numbering(data& d, const Dialect& dialect, bool stacks) {
  const bool counted = dialect.counted_events && !stacks;
  set_numbering(d, counted);
  return counted;
}

void set_user_stack_prints(data& d, const Dialect& dialect) {
  d.set("user_stack_print", stack_print('U', dialect.raw_user_stacks));
  d.set("user_stack_print_addresses",
        stack_print('u', dialect.raw_user_stacks));
}

// Short selections are tested inline; long ones through a map filled in
// BEGIN (one lookup instead of hundreds of comparisons).
std::string select_syscalls(data& d, const std::vector<std::string>& nrs) {
  constexpr std::size_t kInlineIds = 12;
  if (nrs.size() <= kInlineIds)
    return any_of("$nr", nrs);
  data wanted{data::type::list};
  for (const auto& nr : nrs) {
    data w;
    w.set("nr", nr);
    wanted << w;
  }
  d.set("wanted", wanted);
  d.set("want_map", true);
  return "@sctrace_want[$nr]";
}

} // namespace sctrace::gen
