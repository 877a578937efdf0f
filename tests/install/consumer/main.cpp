// Builds a spec with the fluent API and generates its program from the
// built-in syscall table: the installed headers and libraries suffice.
#include <sctrace/sctrace.h>

#include <iostream>

int main() {
  auto spec = sctrace::spec::TraceSpecBuilder()
                  .Kprobe("__x64_sys_write")
                  .Format("write %d bytes", {"arg3"})
                  .Filter("arg1 == 1")
                  .Duration(30)
                  .Build();
  if (!spec.ok()) {
    std::cerr << spec.error().message << "\n";
    return 1;
  }
  auto prog = sctrace::gen::generate(
      {spec->spec}, sctrace::gen::BuiltinCatalog(), {}, spec->options);
  if (!prog.ok()) {
    std::cerr << prog.error().message << "\n";
    return 1;
  }
  std::cout << prog->text;
  return 0;
}
