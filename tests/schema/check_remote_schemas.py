#!/usr/bin/env python3
"""Checks specs/ for the remote API against a real `sctrace serve`.

Every schema must be a valid draft 2020-12 schema, every $ref of
specs/openapi.json must name a file in specs/, and the real answers of
GET /v1/capabilities, POST /v1/suggest (a match and no match), POST
/v1/traces (count, 1 s), GET /v1/traces, GET /v1/traces/{id},
GET /v1/traces/{id}/events, DELETE /v1/traces/{id} and a 404 must validate
against their schemas. Usage: check_remote_schemas.py SCTRACE. Needs root
(it traces) and python3-jsonschema; exits 1 on any failure.
"""
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import jsonschema

SPECS = pathlib.Path(__file__).resolve().parents[2] / "specs"


def load_schemas():
    store = {}
    for path in SPECS.glob("*.schema.json"):
        schema = json.loads(path.read_text())
        jsonschema.Draft202012Validator.check_schema(schema)
        store[schema["$id"]] = schema
    return store


def validator(store, name, fragment=""):
    base = "https://sctrace.invalid/schemas/" + name
    resolver = jsonschema.RefResolver(base, store[base], store=store)
    schema = {"$ref": base + fragment}
    return jsonschema.Draft202012Validator(schema, resolver=resolver)


def check_openapi():
    text = (SPECS / "openapi.json").read_text()
    for ref in set(re.findall(r'"\$ref": "([^"#]+)', text)):
        assert (SPECS / ref).is_file(), f"openapi.json refers to missing {ref}"


class Server:
    def __init__(self, sctrace, tmp):
        token_file = os.path.join(tmp, "token")
        self.proc = subprocess.Popen(
            [sctrace, "serve", "--listen", "127.0.0.1:0", "--token-file",
             token_file], stderr=subprocess.PIPE, text=True)
        line = self.proc.stderr.readline()
        while "listening on" not in line:
            assert line, "sctrace serve ended before it listened"
            line = self.proc.stderr.readline()
        self.base = line.strip().rsplit(" ", 1)[1]
        self.token = pathlib.Path(token_file).read_text().strip()

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data,
                                     method=method)
        req.add_header("Authorization", "Bearer " + self.token)
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())

    def stop(self):
        self.proc.send_signal(2)
        assert self.proc.wait(timeout=30) == 0


def expect(store, answer, status, schema, fragment=""):
    got_status, body = answer
    assert got_status == status, f"{schema}: status {got_status}: {body}"
    validator(store, schema, fragment).validate(body)
    return body


def exercise(store, s):
    expect(store, s.call("GET", "/v1/capabilities"), 200,
           "capabilities.schema.json")
    found = expect(store, s.call("POST", "/v1/suggest",
                                 {"description": "file not found error"}),
                   200, "suggest.schema.json", "#/$defs/response")
    assert found["suggestions"], found
    expect(store, s.call("POST", "/v1/suggest", {"description": "zzz"}), 200,
           "suggest.schema.json", "#/$defs/response")
    body = {"mode": "count", "input": {"target": {"all": True}, "duration": 1}}
    validator(store, "trace_request.schema.json").validate(body)
    info = expect(store, s.call("POST", "/v1/traces", body), 202,
                  "trace_info.schema.json")
    tid = info["id"]
    for _ in range(100):
        info = expect(store, s.call("GET", "/v1/traces/" + tid), 200,
                      "trace_info.schema.json")
        if info["status"] not in ("queued", "running"):
            break
        time.sleep(0.1)
    assert info["status"] == "completed", info
    listed = s.call("GET", "/v1/traces")[1]["traces"]
    for item in listed:
        validator(store, "trace_info.schema.json").validate(item)
    page = expect(store, s.call("GET", f"/v1/traces/{tid}/events"), 200,
                  "trace_events.schema.json")
    assert page["done"] and len(page["events"]) == 1, page
    expect(store, s.call("DELETE", "/v1/traces/" + tid), 200,
           "trace_info.schema.json")
    expect(store, s.call("GET", "/v1/traces/t-0000000000000000"), 404,
           "error.schema.json")


def main():
    store = load_schemas()
    check_openapi()
    with tempfile.TemporaryDirectory() as tmp:
        server = Server(sys.argv[1], tmp)
        try:
            exercise(store, server)
        finally:
            server.stop()
    print("remote schemas: all answers valid")


if __name__ == "__main__":
    main()
