# Writes OUTPUT: a C++ source defining `std::string_view FUNCTION()` in
# namespace sctrace::gen that returns the bytes of INPUT.
file(READ ${INPUT} content)
set(body "// Generated from ${INPUT}. Do not edit.\n#include <string_view>\n\nnamespace sctrace::gen {\n\nstd::string_view ${FUNCTION}() {\n  return R\"sctrace_data(${content})sctrace_data\";\n}\n\n} // namespace sctrace::gen\n")
file(WRITE ${OUTPUT}.tmp "${body}")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
