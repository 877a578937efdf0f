#!/usr/bin/env python3
"""Regenerates the seed corpora in tests/fuzz/corpus/ from the project's own
fixtures (specs/*.spec, tests/data/grammar, the spec and generator unit
tests, tests/data/bpftrace_out, tests/data/stats) plus hand-written hostile
inputs. Run from anywhere: tests/fuzz/make_corpus.py"""
import hashlib, json, os, re, glob, shutil

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests/fuzz/corpus")


def put(target, data, name=None):
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogateescape")
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    name = name or hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def c_unescape(s):
    return bytes(s, "utf-8").decode("unicode_escape").encode("latin-1")


for t in ("spec_parser", "bpftrace_output", "json_request", "stats_snapshot",
          "remote_request"):
    shutil.rmtree(os.path.join(OUT, t), ignore_errors=True)

# ---- spec_parser ------------------------------------------------------------
for f in sorted(glob.glob(os.path.join(ROOT, "specs/*.spec"))):
    put("spec_parser", open(f, "rb").read(), "spec_" + os.path.basename(f))
for table, sep in (("accept.txt", " ==> "), ("reject.txt", " ==> ")):
    for line in open(os.path.join(ROOT, "tests/data/grammar", table), encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#") or sep not in line:
            continue
        put("spec_parser", line.rsplit(sep, 1)[0] if table == "reject.txt" else line.split(sep, 1)[0])
lit = re.compile(r'(?:probe_error|parse_probe|gen_specs|must_gen|gen_error)\(\{?"((?:[^"\\]|\\.)*)"')
for f in glob.glob(os.path.join(ROOT, "tests/unit/spec_*_test.cpp")) + [
        os.path.join(ROOT, "tests/unit/gen_generator_test.cpp")]:
    for m in lit.finditer(open(f, encoding="utf-8").read()):
        try:
            put("spec_parser", c_unescape(m.group(1)))
        except Exception:
            pass
for s in [
    'sys_openat (arg2 == "\\"); system(\\"id\\"); printf(\\"")',
    'sys_openat (arg2 == "} BEGIN { exit() }\\n")',
    'r::sys_openat ((int)retval < 0 && STRCMP("/etc", arg2)) "%s failed: %d", arg2, retval',
    't:syscalls:sys_enter_execve "%s", args->filename',
    't:sched:sched_process_fork "%d", args->child_pid',
    'p:c:malloc (arg1 > 100000) "%d", arg1',
    'r:/usr/bin/app:parse "%d", retval',
    'u:/usr/bin/app:provider:request_start "%d %s", arg1, arg2',
    'p::vfs_read+0x10 "%K %U", arg1, arg2',
    'r::ksys_read "%llx", retval',
    'sys_read ($pid == 1 || $tgid != 2 && $uid >= 0 && $gid < 5 && $cpu <= 1) "%c%hd%hu", arg1, arg2, arg3',
    'sys_write (~arg1 & 0xff | 1 << 3 ^ 7 >> 1) "%d", -arg3 * 2 / 3 % 5 + 1',
    'sys_openat (arg2@user == "caf\xc3\xa9") "%s %%", arg2@user',
    'sys_write "%s", "lit, with comma"',
    'sys_read\nr::sys_write "%d", retval\nt:syscalls:sys_enter_close\n# comment\nsys_openat "%s", arg2',
    'sys_read (arg1 + "x")',
    'sys_read (STRCMP("", arg2))',
    'sys_read ((unsigned long long)arg1 == (u8)arg2)',
]:
    put("spec_parser", s)

# Long and deep expressions (issue 12): at and past spec::max_expression_nodes
# (4096 operands and operators) and the nesting limit (64), so replays and
# fuzzing start from there; long_inputs.h's mutator grows such runs further.
def chain(operators, op="+", operand="arg1"):
    return op.join([operand] * (operators + 1))


def ladder(inner):
    # One operand at each precedence level, each the right side of the last.
    return "arg1 || arg2 && arg3 | 1 ^ 2 & 3 == 4 < 5 << 6 + 7 * (%s)" % inner


deep_parens = "arg3"
for _ in range(60):
    deep_parens = "(%s + %s)" % (deep_parens, chain(30, "*", "arg3"))
deep_ladder = "arg1"
for _ in range(30):
    deep_ladder = ladder(deep_ladder)
long_exprs = {
    "long_chain_at_the_node_limit": "sys_read (%s > 0)" % chain(2046),
    "long_chain_past_the_node_limit": "sys_read (%s > 0)" % chain(2048),
    "long_chain_of_6000_additions": "sys_read (%s)" % chain(6000, "+", "1"),
    "long_chain_of_ors": "sys_read (%s)" % chain(2000, " || ", "arg1 == 1"),
    "long_format_argument": 'r::sys_read "%%d", %s' % chain(2047, "*", "retval"),
    "long_chains_on_three_lines": "\n".join(
        "sys_read (%s)" % chain(1500, op) for op in ("+", "&&", "<<")),
    "deep_parentheses_with_chains": "sys_read (%s)" % deep_parens,
    "deep_precedence_ladder": "sys_read (%s)" % deep_ladder,
    "deep_unary_at_the_nesting_limit": "sys_read (%sarg1)" % ("!-~" * 21),
    "deep_casts": "sys_read (%sarg1)" % ("(u8)" * 70),
}
for name, text in long_exprs.items():
    put("spec_parser", text, name)

# ---- json_request -----------------------------------------------------------
seed = {"name": "file_monitoring", "type": "kprobe", "target": "sys_open",
        "duration": 30, "filters": {"process": "nginx"},
        "description": "Monitor file access by nginx"}
programs = [
    seed,
    {"name": "reads", "type": "kretprobe", "target": "sys_read", "duration": 5,
     "filter": "retval > 0", "format": "%d", "arguments": ["retval"], "max_events": 10},
    {"name": "execs", "type": "tracepoint", "target": "syscalls:sys_enter_execve",
     "duration": 10, "format": "%s", "arguments": ["args->filename"],
     "filters": {"pid": 1, "tid": 2, "uid": 0, "cgroup": "/sys/fs/cgroup/app"}},
    {"name": "malloc", "type": "uprobe", "target": "c:malloc", "duration": 1,
     "format": "%d", "arguments": ["arg1"]},
    {"name": "ret", "type": "uretprobe", "target": "/usr/lib/x.so:f", "duration": 600},
    {"name": "usdt", "type": "usdt", "target": "/usr/bin/app:prov:probe", "duration": 2},
    {"name": "bad", "type": "kprobe", "target": "sys_open", "duration": 601},
    {"name": "hostile", "type": "kprobe", "target": "sys_openat", "duration": 3,
     "filter": "arg2 == \"\\\"); system(\\\"id\\\")\"",
     "filters": {"process": "a\"; system(\"id"}},
]
for p in programs:
    put("json_request", json.dumps(p))
put("json_request", json.dumps({"commands": [{"id": "cmd1", "command": "ps aux"}],
                                "ebpf_programs": programs[:4]}))
specs = [
    {"probe_type": "r", "library": "c", "target": "malloc", "filter": "retval",
     "format": "allocated = %x", "arguments": ["retval"], "pid": 42},
    {"probe_type": "p", "target": "sys_read", "filter": "arg3 > 1024",
     "format": "read %d", "arguments": ["arg3"], "duration": 30,
     "process_name": "nginx", "tid": 3, "uid": 0, "cgroup": "/sys/fs/cgroup/x",
     "max_events": 5, "kernel_stack": True, "user_stack": True},
    {"probe_type": "t", "library": "syscalls", "target": "sys_enter_openat",
     "format": "%s", "arguments": ["args->filename"]},
    {"probe_type": "u", "library": "/bin/app", "target": "p:q"},
    {"probe_type": "p", "target": "vfs_read", "offset": 16},
    {"probe_type": "p", "target": "sys_write", "cgroup": "/x\")"},
    {"probe_type": "p", "target": "sys_write", "process_name": "caf\u00e9"},
]
for s in specs:
    put("json_request", json.dumps(s))

# Long filters (issue 12) in both shapes; see long_exprs above.
put("json_request", json.dumps({"probe_type": "p", "target": "sys_read",
                                "filter": chain(2046) + " > 0"}),
    "long_filter_at_the_node_limit")
put("json_request", json.dumps({"probe_type": "p", "target": "sys_write",
                                "format": "%d", "arguments": [chain(3000, "*")]}),
    "long_argument_past_the_node_limit")
put("json_request", json.dumps({"ebpf_programs": [
    {"name": "long", "type": "kprobe", "target": "sys_read", "duration": 5,
     "filter": chain(4000, " && ", "arg1")}]}), "long_program_filter")
put("json_request", '{"ebpf_programs": ' + "[" * 5000 + "]" * 5000 + "}",
    "deeply_nested_request")

# ---- remote_request (issue 13) ----------------------------------------------
# Seed 001's request, programs with trace.py spec strings and filters, POST
# /v1/traces bodies of every mode, seed 000 inputs, and hostile strings in
# every string field.
put("remote_request", json.dumps({"commands": [{"id": "cmd1", "command": "ps aux"}],
                                  "ebpf_programs": [seed]}), "seed_001_request")
put("remote_request", json.dumps({"ebpf_programs": programs}), "ebpf_programs_all")
spec_programs = [
    {"name": "opens", "spec": 'sys_openat "%s", arg2', "duration": 5},
    {"name": "reads", "spec": "r::sys_read (retval > 0) \"%d\", retval",
     "duration": 5, "filters": {"comm": "nginx", "pid": 1}},
    {"name": "fork", "spec": "t:sched:sched_process_fork", "duration": 5},
    {"name": "nofmt", "type": "syscall", "target": "openat", "duration": 5},
    {"name": "tp", "type": "tracepoint", "target": "syscalls/sys_enter_openat",
     "duration": 5, "filters": {"filter": "args->flags == 1",
                                "cgroup": "/sys/fs/cgroup/app"}},
    {"name": "str", "spec": 'sys_openat (STRCMP("/etc/passwd", arg2))',
     "duration": 5},
    {"name": "kfunc", "type": "kprobe", "target": "vfs_read", "duration": 5},
    {"name": "up", "spec": "p:c:malloc \"%d\", arg1", "duration": 5},
]
for p in spec_programs:
    put("remote_request", json.dumps({"ebpf_programs": [p]}))
    put("remote_request", json.dumps({"mode": "trace", "program": p}))
hostile = ['"; system("id"); //', '"); system("id"); printf("', "} BEGIN { system(\"id\") } {",
           "a\nBEGIN { exit(); }\n", "*/ cat(\"/etc/shadow\") /*", "\\x22", "%s%n%p",
           "\u0000\"); system(\"id", "caf\u00e9 \u2028"]
for i, h in enumerate(hostile):
    put("remote_request", json.dumps({"ebpf_programs": [
        {"name": h, "description": h, "type": "syscall", "target": "openat",
         "duration": 5, "format": h, "arguments": ["arg2"],
         "filter": 'arg2 == "%s"' % h.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n"),
         "filters": {"process": h, "cgroup": "/sys/fs/cgroup/" + h}}]}), "hostile_program_%d" % i)
    put("remote_request", json.dumps({"mode": "syscalls", "input": {
        "target": {"comm": h}, "syscalls": ["openat"]}}), "hostile_comm_%d" % i)
    put("remote_request", json.dumps({"mode": "slow", "input": {
        "target": {"cgroup": h}, "threshold": h}}), "hostile_slow_%d" % i)
    put("remote_request", json.dumps({"mode": "count", "input": {
        "target": {"container": h}, "syscalls": [h]}}), "hostile_count_%d" % i)
# Invalid UTF-8 and a raw NUL inside strings (parse_json_text refuses them).
put("remote_request", b'{"ebpf_programs": [{"name": "\xff\xfe", "type": "syscall", '
    b'"target": "openat", "duration": 5}]}', "invalid_utf8_name")
put("remote_request", b'{"mode": "syscalls", "input": {"target": {"comm": "a\x00b"}}}',
    "raw_nul_comm")
bodies = [
    {"mode": "syscalls", "input": {"target": {"comm": "nginx"}, "format": "csv",
                                   "only_success": True}},
    {"mode": "syscalls", "input": {"target": {"all": True},
                                   "syscalls": ["!close", "!%memory"], "duration": 1}},
    {"mode": "syscalls", "input": {"target": {"command": ["/bin/sh", "-c", "id"]}}},
    {"mode": "slow", "input": {"target": {"pid": 1}, "threshold": "10ms,read=50ms",
                               "string_size": 64}},
    {"mode": "count", "input": {"target": {"pids": [1, 2]}, "syscalls": ["read", "%file"],
                                "interval": 1, "per_process": True, "only_failed": True}},
    {"mode": "latency", "input": {"target": {"cgroup": "/sys/fs/cgroup/app"},
                                  "duration": 10, "interval": 2}},
    {"mode": "latency", "input": {"target": {"all": True}, "format": "csv"}},
    {"mode": "bpftrace", "program": "BEGIN { system(\"id\") }"},
    {"mode": "trace", "program": seed, "extra": 1},
]
for b in bodies:
    put("remote_request", json.dumps(b))
for f in sorted(glob.glob(os.path.join(ROOT, "tests/data/syscalls/input_*.json"))):
    put("remote_request", open(f, "rb").read(), os.path.basename(f))
put("remote_request", '{"mode": "trace", "program": ' + "{\"a\":" * 70 + "1" + "}" * 70 + "}",
    "nested_past_the_depth_bound")

# ---- bpftrace_output --------------------------------------------------------
rec = os.path.join(ROOT, "tests/data/bpftrace_out")
def lines(name, n=None):
    ls = open(os.path.join(rec, name), "rb").read().split(b"\n")
    return b"\n".join(ls[:n] if n else ls)
put("bpftrace_output", b"\x00" + lines("openat_hostile.ndjson"), "openat_hostile")
put("bpftrace_output", b"\x01" + lines("getppid_lost.ndjson", 40), "getppid_lost_head")
put("bpftrace_output", b"\x02" + lines("helper_error.ndjson"), "helper_error")
put("bpftrace_output", b"\x00" + lines("maps.ndjson"), "maps")
ev = b'{"type": "value", "data": [0,1,867253245772,7690,7690,1,"comm","/tmp/x",524353]}'
hostile = [
    b'\x00' + ev,
    b'\x00' + ev[:40],
    b'\x00{"type": "value", "data": [0,1,1,1,1,1,"\\uffffffff\\uffffffc3\\uffffffa9x","\\ud800\\udc00\\u0000",-1]}',
    b'\x00{"type": "value", "data": [1,18446744073709551615,18446744073709551615,4294967295,4294967295,4294967295,"c",-9223372036854775808]}',
    b'\x00{"type": "value", "data": [1,1,1,4294967296,1,1,"c",3]}',
    b'\x00{"type": "value", "data": [-1,5,0]}\n{"type": "value", "data": [-1,7,1023]}\n{"type": "value", "data": [-1,7,99999999999]}',
    b'\x00{"type": "value", "data": [0,1,1,1,1,1,"c",["nested"],1]}\n{"type": "value", "data": [0,1,1,1,1,1,"c","s",1.5]}\n{"type": "value", "data": [0,1,1,1,1,1,"c","s",1e3]}',
    b'\x00{"type": "lost_events", "data": {"events": 18446744073709551615}}\n{"type": "lost_events", "data": {"events": 18446744073709551615}}\n{"type": "lost_events", "data": {"events": -5}}',
    b'\x00{"type": "helper_error", "data": {"helper": "probe_read_str", "retcode": -14, "line": 1, "col": 2, "msg": "\\xff"}}',
    b'\x00{"type": "attached_probes", "data": {"probes": 99999999999999999999}}',
    b'\x03{"type": "printf", "data": "\\u001eSTACK K 0 1\\n\\n        f+1\\n        \\u001b[31mred\\n"}\n'
    b'{"type": "printf", "data": "\\u001eSTACK U 0 1\\n\\n        0x1\\n"}\n'
    b'{"type": "value", "data": [0,1,1,1,1,0,"c",65,-1,65535,4294967295,18446744073709551615,255,16,-5,"ksym+1",4096,"s\\n\\t,\\""]}\n'
    b'{"type": "printf", "data": "\\u001eSTACK K 0 2\\n\\n        g\\n"}\n'
    b'{"type": "value", "data": [1,2,1,1,1,0,"c",-22]}',
    # User stacks as addresses: bpftrace 0.17's "ustack" without symbols,
    # 0.23's "ustack(raw)" with its ending 0, -a, and a symbolised line
    # (not an address: malformed).
    b'\x03{"type": "printf", "data": "\\u001eSTACK U 0 1\\n\\n        0x7f0011\\n        0x10\\n"}\n'
    b'{"type": "value", "data": [0,1,1,1,1,0,"c",65,-1,65535,4294967295,18446744073709551615,255,16,-5,"ksym+1",4096,"s"]}\n'
    b'{"type": "printf", "data": "\\u001eSTACK u 0 2\\n\\n7f0011\\n0\\n"}\n'
    b'{"type": "value", "data": [1,2,1,1,1,0,"c",-22]}\n'
    b'{"type": "printf", "data": "\\u001eSTACK U 0 3\\n\\n        evil\\n        main+1\\n"}\n'
    b'{"type": "value", "data": [1,3,1,1,1,0,"c",-22]}',
    b'\x03{"type": "printf", "data": "\\u001eSTACK K 5 9\\n"}\n{"type": "printf", "data": "\\u001eSTACK X 5 9\\n"}\n{"type": "printf", "data": "\\u001eSTACK K -1 9\\n"}\n{"type": "printf", "data": "plain"}',
    b'\x00{"type": "map", "data": {"@m": {"\\uffffffff": 1, "k\\u0000": 2}}}\n{"type": "hist", "data": {"@h": [{"min": 0, "max": 1, "count": 3}]}}\n{"type": "time", "data": "12:00:00\\n"}\n{"type":"stats","data":{"@s":{"count":1}}}',
    b'\x00{"type": "value", "data": [0,1,1,1,1,1,"c","\\uffffff',
    b'\x00{"type":"value","data":[0,1,1,1,1,1,"c","x",1]} trailing\n{"type":"value","data":[0,1,1,1,1,1,"c","x",1],"extra":1}\n{"data":[0,1,1,1,1,1,"c","x",1],"type":"value"}',
    b'\x00\n\n\r\n{"type": "value", "data": []}\n{"type": "value", "data": {}}\n[]\n{}\nnull\n"str"\n1',
    b'\x01{"type": "value", "data": [0,3,1,1,1,0,"c",1]}\n{"type": "value", "data": [0,1,1,1,1,0,"c",1]}\n{"type": "value", "data": [0,1,1,1,1,0,"c",1]}',
    b'\x02{"type": "value", "data": [0,1,1,1,1,0,"c","' + b'A' * 5000 + b'"]}',
]
for h in hostile:
    put("bpftrace_output", h)

# ---- stats_snapshot ---------------------------------------------------------
for f in sorted(glob.glob(os.path.join(ROOT, "tests/data/stats/*.ndjson"))):
    put("stats_snapshot", open(f, "rb").read(), os.path.basename(f))
for h in [
    b'{"type": "map", "data": {"@sctrace_count": {"0": 3, "1": 5, "-1": 2}}}\n'
    b'{"type": "map", "data": {"@sctrace_errors": {"0": 1}}}\n'
    b'{"type": "value", "data": 0}\n'
    b'{"type": "map", "data": {"@sctrace_snapshot": 1000}}',
    b'{"type": "hist", "data": {"@sctrace_hist": {"0": [{"min": 0, "max": 1, "count": 2}, {"min": 1, "max": 2, "count": 1}, {"min": 524288, "max": 1048576, "count": 1}, {"min": 1048576, "count": 7}]}}}\n'
    b'{"type": "map", "data": {"@sctrace_total": {"0": 123456}, "@sctrace_min": {"0": 100}, "@sctrace_max": {"0": 2000000000}, "@sctrace_count": {"0": 11}}}\n'
    b'{"type": "map", "data": {"@sctrace_end": 1, "@sctrace_snapshot": 5}}',
    b'{"type": "map", "data": {"@sctrace_count": {"12,ev\\",1]\\n,x,0": 4, "0,c,1": 1, ",,": 1, "x": 1, "99999999999999999999": 1}}}\n'
    b'{"type": "map", "data": {"@sctrace_snapshot": -1}}\n'
    b'{"type": "map", "data": {"@sctrace_count": {"0": 1}}}\n'
    b'{"type": "map", "data": {"@sctrace_snapshot": 2}}',
    b'{"type": "hist", "data": {"@sctrace_hist": {"1": [{"min": 9223372036854775807, "count": 18446744073709551615}, {"min": 4611686018427387904, "count": 1}]}}}\n'
    b'{"type": "map", "data": {"@sctrace_snapshot": 1}}',
]:
    put("stats_snapshot", h)

# ---- elf_symbols, strace_log, sctrace_log, sockaddr, bpftrace_version -------
import struct, subprocess, tempfile

for t in ("elf_symbols", "strace_log", "sctrace_log", "sockaddr", "bpftrace_version"):
    shutil.rmtree(os.path.join(OUT, t), ignore_errors=True)


def tiny_elf(names, symtab_type=2, entsize=24, link=2, shnum=3):
    """Header, a symbol table of FUNC symbols named names, its string
    table, then the section header table (as gen_elf_symbols_test.cpp)."""
    strtab = b"\0" + b"".join(n + b"\0" for n in names)
    syms = b"\0" * 24
    off = 1
    for n in names:
        syms += struct.pack("<IBBHQQ", off, 0x12, 0, 1, 0x1000, 16)
        off += len(n) + 1
    body = syms + strtab
    body += b"\0" * (-len(body) % 8)
    shoff = 64 + len(body)
    ident = b"\x7fELF\x02\x01\x01" + b"\0" * 9
    eh = ident + struct.pack("<HHIQQQIHHHHHH", 3, 62, 1, 0, 0, shoff, 0, 64, 0, 0, 64, shnum, 0)
    sh = b"\0" * 64
    sh += struct.pack("<IIQQQQIIQQ", 1, symtab_type, 0, 0, 64, len(syms), link, 1, 8, entsize)
    sh += struct.pack("<IIQQQQIIQQ", 9, 3, 0, 0, 64 + len(syms), len(strtab), 0, 0, 1, 0)
    return eh + body + sh[: 64 * shnum]


put("elf_symbols", tiny_elf([b"open", b"read@GLIBC_2.2.5", b"read", b"close@@V1"]), "tiny_symtab")
put("elf_symbols", tiny_elf([b"malloc", b"free"], symtab_type=11), "tiny_dynsym")
put("elf_symbols", tiny_elf([b"x"], entsize=16), "bad_entsize")
put("elf_symbols", tiny_elf([b"x"], link=7), "bad_link")
put("elf_symbols", tiny_elf([b"x"], shnum=2), "no_strtab")
put("elf_symbols", tiny_elf([b"x"])[:100], "truncated")
put("elf_symbols", b"/* GNU ld script */\nGROUP ( libc.so.6 )\n", "ld_script")
# A real shared object, built when gcc is there: dynsym, symtab, versions.
with tempfile.TemporaryDirectory() as d:
    src = os.path.join(d, "t.c")
    open(src, "w").write("int tiny_add(int a, int b) { return a + b; }\n"
                         "static int helper(void) { return 1; }\n"
                         "int tiny_call(void) { return helper(); }\n")
    so = os.path.join(d, "t.so")
    cmd = ["gcc", "-shared", "-fPIC", "-Os", "-nostdlib", "-Wl,-z,max-page-size=64",
           "-Wl,--build-id=none", "-o", so, src]
    if subprocess.run(cmd).returncode == 0:
        put("elf_symbols", open(so, "rb").read(), "gcc_tiny_so")

for f in sorted(glob.glob(os.path.join(ROOT, "tests/data/compare/*.strace"))):
    data = open(f, "rb").read()[:4096]
    put("strace_log", data[: data.rfind(b"\n") + 1], os.path.basename(f))
put("strace_log", b"""[pid  4242] 1700000000.123456 read(3,  <unfinished ...>
4243 1700000000.123460 write(1, "a\\nb\\303\\251\\x41", 5) = 5 <0.000010>
[pid  4242] 1700000000.123470 <... read resumed>"abc"..., 4096) = 4096 <0.000020>
4242 12:34:56.123456 openat(AT_FDCWD, "/x(y)", O_RDONLY|O_CLOEXEC) = -1 ENOENT (No such file or directory)
4242 12:34:56 connect(3, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("1.2.3.4")}, 16) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)
4242 1700000000.2 rt_sigreturn({mask=[]}) = -1 (errno 512)
4242 1700000000.3 mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, 3, 0) = 0x7f2a00000000
4242 1700000000.4 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=4243} ---
4243 1700000000.5 +++ exited with 0 +++
4242 1700000000.6 +++ killed by SIGTERM +++
""", "hand_mixed")
put("strace_log", b"99999999999999999999 1700000000.1 close(3) = 0\n"
    b"[pid 99999999999999999999] close(3) = 0\n"
    b"1 99999999999999999999:00:00.000001 close(3) = 0\n"
    b"1 9999999999999999999.999999 close(3) = 0\n"
    b"1 close(3) = -9223372036854775808\n"
    b"1 close(3) = 18446744073709551615\n", "hostile_numbers")

for f in sorted(glob.glob(os.path.join(ROOT, "tests/data/syscalls/*.jsonl"))):
    put("sctrace_log", open(f, "rb").read(), os.path.basename(f))
pair = open(os.path.join(ROOT, "tests/data/compare/fork_pair.jsonl"), "rb").read()[:4096]
put("sctrace_log", pair[: pair.rfind(b"\n") + 1], "fork_pair_head.jsonl")
put("sctrace_log",
    b'{"pid":1,"tid":1,"timestamp":"9999-12-31T23:59:59.999999999Z","syscall":"close","args":{"fd":3},"return_value":0}\n'
    b'{"pid":1,"tid":1,"timestamp":"0000-00-00T00:00:00Z","syscall":"x"}\n'
    b'{"pid":1,"tid":1,"timestamp":"2026-13-99T99:99:99.1234567890123Z","syscall":"x","args":{"addr":{"family":"AF_INET","address":"1.2.3.4","port":99999999999}}}\n'
    b'{"summary":{"total_events":1,"tool_stats":{"events_dropped":null,"events_dropped_at_least":3,"loss_exact":false}}}\n',
    "hostile_timestamps.jsonl")
put("sctrace_log", b'{"pid":-1,"tid":1,"timestamp":"2026-11-22T04:01:00.25Z","syscall":"x"}\n', "negative_pid.jsonl")

inet = struct.pack("<H", 2) + struct.pack(">H", 8080) + bytes([127, 0, 0, 1]) + b"\0" * 8
inet6 = struct.pack("<H", 10) + struct.pack(">H", 443) + b"\0" * 4 + b"\0" * 15 + b"\1" + struct.pack("<I", 2)
for name, raw in [("inet", inet), ("inet_short", inet[:6]), ("inet6_scope", inet6),
                  ("unix_path", struct.pack("<H", 1) + b"/run/x.sock\0"),
                  ("unix_abstract", struct.pack("<H", 1) + b"\0name\x1b[31m\n\xff"),
                  ("unix_unnamed", struct.pack("<H", 1)), ("netlink", struct.pack("<H", 16) + b"\0" * 10),
                  ("one_byte", b"\x02")]:
    put("sockaddr", raw, name)

for name, text in [("v0_17", "bpftrace v0.17.0\n"), ("v0_23_debian", "bpftrace v0.23.2-1\n"),
                   ("two_parts", "bpftrace v0.21"), ("no_v", "bpftrace 0.17.0"),
                   ("negative", "bpftrace v-1.-2.-3"), ("huge", "bpftrace v99999999999.4294967296.1"),
                   ("git", "bpftrace v0.19.0-82-gdeadbeef")]:
    put("bpftrace_version", text, name)
