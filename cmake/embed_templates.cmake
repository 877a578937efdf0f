# Turns every templates/*.tmpl file into one C++ source that defines
# sctrace::gen::builtin_template(name). Run at build time by CMake.
file(GLOB tmpl_files "${TEMPLATE_DIR}/*.tmpl")
list(SORT tmpl_files)
set(body "// Generated from templates/*.tmpl. Do not edit.\n#include \"gen/templates.h\"\n\nnamespace sctrace::gen {\n\nstd::optional<std::string_view> builtin_template(std::string_view name) {\n")
foreach(f ${tmpl_files})
  get_filename_component(n ${f} NAME_WE)
  file(READ ${f} content)
  string(APPEND body "  if (name == \"${n}\")\n    return R\"sctrace_tmpl(${content})sctrace_tmpl\";\n")
endforeach()
string(APPEND body "  return std::nullopt;\n}\n\n} // namespace sctrace::gen\n")
file(WRITE ${OUTPUT}.tmp "${body}")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
