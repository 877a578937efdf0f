#!/usr/bin/python3
"""Writes tests/data/stats/bad/*: each is a file of ../good/ with one thing
broken, so the schema check (tests/schema/check_stats_schemas.sh) can
expect exactly one error, naming that thing. Re-run after re-recording the
good files: python3 make_bad.py"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
GOOD = os.path.join(HERE, "..", "good")
BAD = os.path.join(HERE, "..", "bad")


def load_json(name):
    with open(os.path.join(GOOD, name)) as f:
        return json.load(f)


def load_jsonl(name):
    with open(os.path.join(GOOD, name)) as f:
        return [json.loads(line) for line in f if line.strip()]


def dump(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def write_json(name, doc):
    with open(os.path.join(BAD, name), "w") as f:
        f.write(dump(doc) + "\n")


def write_jsonl(name, lines):
    with open(os.path.join(BAD, name), "w") as f:
        f.writelines(dump(line) + "\n" for line in lines)


def json_case(name, source, change):
    doc = load_json(source)
    change(doc)
    write_json(name, doc)


def jsonl_case(name, source, change):
    lines = load_jsonl(source)
    lines = change(lines) or lines
    write_jsonl(name, lines)


def setter(path, value):
    def change(doc):
        *parents, last = path
        for p in parents:
            doc = doc[p]
        doc[last] = value
    return change


def deleter(path):
    def change(doc):
        *parents, last = path
        for p in parents:
            doc = doc[p]
        del doc[last]
    return change


def main():
    os.makedirs(BAD, exist_ok=True)
    for old in os.listdir(BAD):
        os.unlink(os.path.join(BAD, old))
    count, latency = "count_ls.json", "latency_sleep.json"
    json_case("count_type_misspelled.json", count,
              setter(["type"], "syscall_counts"))
    json_case("count_total_missing.json", count, deleter(["total"]))
    json_case("count_negative_count.json", count,
              setter(["total", "syscalls", 0, "count"], -1))
    json_case("count_nr_not_integer.json", count,
              setter(["total", "syscalls", 0, "nr"], 0.5))
    json_case("count_syscall_name_uppercase.json", count,
              setter(["total", "syscalls", 0, "syscall"], "OpenAt"))
    json_case("count_syscall_name_plus.json", count,
              setter(["total", "syscalls", 0, "syscall"], "syscall_+2"))
    json_case("count_timestamp_microseconds.json", count,
              setter(["total", "start"], "2026-11-22T10:00:00.123456Z"))
    json_case("count_timestamp_impossible_date.json", count,
              setter(["total", "end"], "2026-02-30T10:00:00.123456789Z"))
    json_case("count_row_with_latency_field.json", count,
              setter(["total", "syscalls", 0, "total_ns"], 5))
    json_case("count_report_without_processes.json", count,
              deleter(["total", "processes"]))
    json_case("count_total_with_interval_number.json", count,
              setter(["total", "interval"], 1))
    json_case("count_missing_map_full.json", count,
              deleter(["summary", "tool_stats", "map_full"]))
    json_case("count_summary_intervals_mismatch.json", count,
              setter(["summary", "intervals"], 2))
    json_case("count_map_keys_zero.json", count,
              setter(["summary", "tool_stats", "map_keys"], 0))
    json_case("count_process_pid_zero.json",
              "count_per_process_hostile_comm.json",
              setter(["total", "processes", 0, "pid"], 0))
    json_case("count_process_comm_too_long.json",
              "count_per_process_hostile_comm.json",
              setter(["total", "processes", 0, "comm"], "x" * 16))
    json_case("count_process_started_not_a_time.json",
              "count_per_process_hostile_comm.json",
              setter(["total", "processes", 0, "started"], "yesterday"))
    json_case("count_process_without_started.json",
              "count_per_process_hostile_comm.json",
              deleter(["total", "processes", 0, "started"]))
    json_case("latency_row_without_histogram.json", latency,
              deleter(["total", "syscalls", 0, "histogram"]))
    json_case("latency_report_with_processes.json", latency,
              setter(["total", "processes"], []))
    json_case("latency_report_without_total_ns.json", latency,
              deleter(["total", "total_ns"]))
    json_case("latency_bucket_extra_key.json", latency,
              setter(["total", "syscalls", 0, "histogram", 0, "le"], 1000))
    json_case("latency_bucket_high_string.json", latency,
              setter(["total", "syscalls", 0, "histogram", 0, "high_ns"],
                     "1us"))
    json_case("latency_p99_negative.json", latency,
              setter(["total", "syscalls", 0, "p99_ns"], -1))

    perp = "count_per_process_intervals.jsonl"
    jsonl_case("count_interval_zero.jsonl", perp,
               lambda ls: setter([0, "report", "interval"], 0)(ls))
    jsonl_case("count_interval_skipped.jsonl", perp,
               lambda ls: setter([1, "report", "interval"], 3)(ls))
    jsonl_case("count_total_line_with_number.jsonl", perp,
               lambda ls: setter([-2, "report", "interval"], 4)(ls))
    jsonl_case("count_no_summary.jsonl", perp, lambda ls: ls[:-1])
    jsonl_case("count_total_before_interval.jsonl", perp,
               lambda ls: ls[:-3] + [ls[-2], ls[-3], ls[-1]])
    jsonl_case("count_two_totals.jsonl", perp,
               lambda ls: ls[:-1] + [ls[-2], ls[-1]])
    jsonl_case("count_summary_line_other_tool.jsonl", perp,
               lambda ls: setter([-1, "tool"], "syscall_latency")(ls))
    jsonl_case("count_line_unknown_type.jsonl", perp,
               lambda ls: setter([0, "type"], "snapshot")(ls))
    jsonl_case("count_line_extra_key.jsonl", perp,
               lambda ls: setter([0, "seq"], 1)(ls))
    jsonl_case("latency_interval_with_processes.jsonl",
               "latency_intervals.jsonl",
               lambda ls: setter([0, "report", "processes"], [])(ls))

    # Not JSON, and not UTF-8: taken from a good file, byte-edited.
    with open(os.path.join(GOOD, count), "rb") as f:
        raw = f.read()
    with open(os.path.join(BAD, "count_truncated.json"), "wb") as f:
        f.write(raw[: len(raw) // 2])
    with open(os.path.join(BAD, "count_not_utf8.json"), "wb") as f:
        f.write(raw.replace(b'"openat"', b'"open\xffat"', 1))


if __name__ == "__main__":
    main()
