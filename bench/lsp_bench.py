#!/usr/bin/env python3
"""
lsp_bench.py — drives `smelt lsp` over its pipes on a generated project, as an editor would, and
measures what a user feels:

  * time to first diagnostics: from sending `initialize` (with `initialized` and the didOpen of one
    model whose text has a broken reference) to the publishDiagnostics that reports it — the server
    loads and parses every model, checks the project and publishes;
  * edit latency: from a didChange that breaks a reference (a one-letter typo in a smelt.ref name,
    so "did you mean" searches every model name) to the publishDiagnostics for that version that
    reports it; then a didChange that repairs it, and its publication, so edits never overlap.
    Repeated over --edits edits across several models: p50, p95, max;
  * coalescing: a burst of 20 keystrokes written at once, the publications it caused and the time
    to the last;
  * the server's memory: VmRSS and VmHWM from /proc.

The project comes from bench/gen/gen_project.py (cached under build/bench/). Usage:

    bench/lsp_bench.py [--models 10000] [--edits 200] [--smelt build/smelt] [--project DIR]
"""
import argparse
import json
import os
import select
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


class Server:
    def __init__(self, command, cwd):
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=cwd)
        self.buffer = b""
        self.next_id = 0

    def send(self, message):
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.next_id

    def read(self, timeout=60.0):
        deadline = time.monotonic() + timeout
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end >= 0:
                length = int(self.buffer[:end].split(b":")[1])
                if len(self.buffer) >= end + 4 + length:
                    body = self.buffer[end + 4:end + 4 + length]
                    self.buffer = self.buffer[end + 4 + length:]
                    return json.loads(body)
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no message from the server")
            ready, _, _ = select.select([self.process.stdout], [], [], left)
            if ready:
                chunk = os.read(self.process.stdout.fileno(), 1 << 20)
                if not chunk:
                    raise EOFError("the server closed its output")
                self.buffer += chunk

    def wait_for(self, predicate, timeout=60.0):
        """Reads messages until one satisfies predicate; returns it and the time it arrived."""
        while True:
            message = self.read(timeout)
            if predicate(message):
                return message, time.perf_counter()

    def cpu_seconds(self):
        """The server's user + system CPU time so far: what an edit costs, whatever else runs."""
        with open("/proc/%d/stat" % self.process.pid) as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def memory(self):
        fields = {}
        with open("/proc/%d/status" % self.process.pid) as status:
            for line in status:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    fields[key] = int(value.split()[0]) // 1024
        return fields


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, int(round(fraction * (len(ordered) - 1)))))
    return ordered[index]


def is_publication(uri, version=None):
    def match(message):
        if message.get("method") != "textDocument/publishDiagnostics":
            return False
        params = message["params"]
        return params["uri"] == uri and (version is None or params.get("version") == version)
    return match


def has_unknown_model(message):
    return any(d.get("code") == "E0303" for d in message["params"]["diagnostics"])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", type=int, default=10000)
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--smelt", default=os.path.join(REPO, os.environ.get("BUILD", "build"), "smelt"))
    parser.add_argument("--project", help="an existing smelt project (default: generate one)")
    args = parser.parse_args()

    project = args.project
    if not project:
        out = os.path.join(REPO, "build", "bench", "lsp_project_%d" % args.models)
        project = os.path.join(out, "smelt")
        if not os.path.exists(os.path.join(project, "smelt.yml")):
            print("generating %d models in %s ..." % (args.models, out), flush=True)
            subprocess.run([sys.executable, os.path.join(HERE, "gen", "gen_project.py"), "--models", str(args.models),
                            "--out", out, "--seed", "1"], check=True, stdout=subprocess.DEVNULL)
    project = os.path.abspath(project)
    smelt = os.path.abspath(args.smelt)

    # Models that read others (the edits break one of their references), spread over the project.
    models = []
    for folder, _, files in sorted(os.walk(os.path.join(project, "models"))):
        for name in sorted(files):
            path = os.path.join(folder, name)
            with open(path) as file:
                text = file.read()
            if "smelt.ref('" in text:
                models.append((path, text))
    step = max(1, len(models) // 10)
    targets = models[::step][:10]

    server = Server([smelt, "lsp"], project)
    uri_of = lambda path: "file://" + path

    # ---- Time to first diagnostics -----------------------------------------------------------
    first_path, first_text = targets[0]
    start = first_text.index("smelt.ref('") + len("smelt.ref('")
    broken_first = first_text[:start] + "zz_" + first_text[start:]
    t0 = time.perf_counter()
    server.request("initialize", {"processId": os.getpid(), "rootUri": uri_of(project), "capabilities": {}})
    server.wait_for(lambda m: m.get("id") == 1)
    t_initialize = time.perf_counter()
    server.notify("initialized", {})
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri_of(first_path), "languageId": "sql", "version": 1,
                                                            "text": broken_first}})
    message, t_first = server.wait_for(is_publication(uri_of(first_path)), timeout=600)
    assert has_unknown_model(message), message
    first_ms = (t_first - t0) * 1000
    memory_loaded = server.memory()
    print("initialize answered in %.1f ms; first diagnostics after %.0f ms" % ((t_initialize - t0) * 1000, first_ms))
    server.notify("textDocument/didChange", {"textDocument": {"uri": uri_of(first_path), "version": 2},
                                             "contentChanges": [{"text": first_text}]})
    server.wait_for(is_publication(uri_of(first_path), 2))

    # ---- Edit latency ------------------------------------------------------------------------
    versions = {}
    for path, text in targets[1:]:
        server.notify("textDocument/didOpen", {"textDocument": {"uri": uri_of(path), "languageId": "sql", "version": 1,
                                                                "text": text}})
        versions[path] = 1
    versions[first_path] = 2
    break_ms, repair_ms = [], []
    cpu_before = server.cpu_seconds()
    for edit in range(args.edits):
        path, text = targets[edit % len(targets)]
        # The edit-th reference of the file (cycling), with one letter of its name deleted.
        refs = [i for i in range(len(text)) if text.startswith("smelt.ref('", i)]
        ref = refs[(edit // len(targets)) % len(refs)] + len("smelt.ref('")
        name_end = text.index("'", ref)
        cut = ref + 1 + (edit % max(1, name_end - ref - 2))
        lines_before = text.count("\n", 0, cut)
        column = cut - (text.rfind("\n", 0, cut) + 1)
        uri = uri_of(path)
        versions[path] += 1
        sent = time.perf_counter()
        server.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": versions[path]},
            "contentChanges": [{"range": {"start": {"line": lines_before, "character": column},
                                          "end": {"line": lines_before, "character": column + 1}}, "text": ""}]})
        message, arrived = server.wait_for(is_publication(uri, versions[path]))
        assert has_unknown_model(message), "edit %d did not report the broken reference" % edit
        break_ms.append((arrived - sent) * 1000)
        removed = text[cut]
        versions[path] += 1
        sent = time.perf_counter()
        server.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": versions[path]},
            "contentChanges": [{"range": {"start": {"line": lines_before, "character": column},
                                          "end": {"line": lines_before, "character": column}}, "text": removed}]})
        message, arrived = server.wait_for(is_publication(uri, versions[path]))
        assert not has_unknown_model(message), "edit %d was not repaired" % edit
        repair_ms.append((arrived - sent) * 1000)

    cpu_per_edit = (server.cpu_seconds() - cpu_before) * 1000 / (2 * args.edits)

    # ---- Coalescing: a burst of keystrokes -----------------------------------------------------
    path, text = targets[0]
    uri = uri_of(path)
    end_line = text.count("\n")
    burst = 20
    sent = time.perf_counter()
    for key in range(burst):
        versions[path] += 1
        server.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": versions[path]},
            "contentChanges": [{"range": {"start": {"line": end_line, "character": key},
                                          "end": {"line": end_line, "character": key}}, "text": "x"}]})
    publications = 0
    while True:
        message, arrived = server.wait_for(is_publication(uri))
        publications += 1
        if message["params"].get("version") == versions[path]:
            break
    burst_ms = (arrived - sent) * 1000

    memory = server.memory()
    server.request("shutdown", None)
    server.wait_for(lambda m: m.get("id") == server.next_id)
    server.notify("exit", None)
    code = server.process.wait(timeout=30)

    print("project: %s (%d models)" % (project, sum(len([f for f in files if f.endswith(".sql")]) for _, _, files in os.walk(os.path.join(project, "models")))))
    print("edits that break a reference (%d): p50 %.2f ms, p95 %.2f ms, max %.2f ms" %
          (len(break_ms), statistics.median(break_ms), percentile(break_ms, 0.95), max(break_ms)))
    print("edits that repair it (%d): p50 %.2f ms, p95 %.2f ms, max %.2f ms" %
          (len(repair_ms), statistics.median(repair_ms), percentile(repair_ms, 0.95), max(repair_ms)))
    print("server CPU time per edit (break or repair, with the models downstream): %.2f ms" % cpu_per_edit)
    print("load average during the run: %.2f (%d cores)" % (os.getloadavg()[0], os.cpu_count()))
    print("burst of %d keystrokes: %d publication(s), the last after %.1f ms" % (burst, publications, burst_ms))
    print("memory: %d MB resident after loading, %d MB at the end, peak %d MB" %
          (memory_loaded.get("VmRSS", 0), memory.get("VmRSS", 0), memory.get("VmHWM", 0)))
    print("exit code %d" % code)
    return 0 if code == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
