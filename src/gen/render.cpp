#include "gen/render.h"

#include "gen/templates.h"

namespace sctrace::gen {

using kainjow::mustache::data;
using kainjow::mustache::mustache;
using kainjow::mustache::partial;

namespace {

std::string template_text(std::string_view name) {
  auto text = builtin_template(name);
  // Templates are compiled into the binary; a missing one is a build bug.
  if (!text)
    return "// missing template " + std::string(name) + "\n";
  return std::string(*text);
}

} // namespace

std::string render_template(std::string_view name, const data& d) {
  data all = d;
  all.set("follow_block", partial([] { return template_text("follow"); }));
  all.set("marker_block", partial([] { return template_text("marker"); }));
  all.set("snapshot_block", partial([] { return template_text("snapshot"); }));
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

} // namespace sctrace::gen
