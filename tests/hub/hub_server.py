#!/usr/bin/env python3
"""A stand-in for the Hugging Face Hub on 127.0.0.1, for tests only.

    hub_server.py ROOT [LOG]

Serves GET {org}/{name}/resolve/{revision}/{path} from ROOT/{org}/{name}/{revision}/{path}
with HTTP Range support, and answers like the Hub where files are missing:
  401 + X-Error-Code: RepoNotFound     no such repository (as the Hub answers without a token)
  404 + X-Error-Code: RevisionNotFound no such revision
  404 + X-Error-Code: EntryNotFound    no such file
  401/403 + X-Error-Code: GatedRepo    ROOT/{org}/{name}/.gated holds the token that may read
A recorded safetensors header PATH.header stands for PATH: its bytes, then zeros up to the
size its header describes. *.safetensors requests are redirected (302) to /cdn/... as the
Hub sends them to its CDN. A repository with a .stall file never answers (timeouts).
Prints the port on the first line of standard output. Each answered request is logged to LOG
as "PATH RANGE BYTES_SENT".
"""
import json
import os
import re
import struct
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

ROOT = os.path.abspath(sys.argv[1])
LOG = sys.argv[2] if len(sys.argv) > 2 else None


def virtual_size(header_path):
    """Size of the whole file a recorded header stands for: 8 + header + data."""
    with open(header_path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
    end = max([t["data_offsets"][1] for k, t in header.items() if k != "__metadata__"] or [0])
    return 8 + n + end


class Hub(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body=b"", headers=None):
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        if LOG:
            with open(LOG, "a") as log:
                log.write("%s %s %d\n" % (self.path, self.headers.get("Range", "-"), len(body)))

    def error(self, status, code, message):
        self.answer(status, message.encode(), {"X-Error-Code": code, "X-Error-Message": message})

    def do_GET(self):
        path = self.path
        cdn = path.startswith("/cdn/")
        if cdn:
            path = path[4:]
        m = re.match(r"^/([^/]+)/([^/]+)/resolve/([^/]+)/(.+)$", path)
        if not m:
            return self.answer(404, b"not found")
        org, name, revision, file = (unquote(g) for g in m.groups())
        repo = os.path.join(ROOT, org, name)
        if ".." in (org, name, revision) or ".." in file.split("/") or not os.path.isdir(repo):
            return self.error(401, "RepoNotFound", "Repository not found")
        if os.path.exists(os.path.join(repo, ".stall")):
            time.sleep(30)
            return
        gated = os.path.join(repo, ".gated")
        if os.path.exists(gated):
            token = open(gated).read().strip()
            sent = self.headers.get("Authorization", "")
            if sent != "Bearer " + token:
                status = 401 if not sent else 403
                return self.error(status, "GatedRepo", "Access to model %s/%s is restricted" % (org, name))
        if not os.path.isdir(os.path.join(repo, revision)):
            return self.error(404, "RevisionNotFound", "Invalid rev id: " + revision)
        target = os.path.join(repo, revision, file)
        recorded = target + ".header"
        if not os.path.isfile(target) and not os.path.isfile(recorded):
            return self.error(404, "EntryNotFound", "Entry not found")
        if file.endswith(".safetensors") and not cdn:
            return self.answer(302, b"", {"Location": "/cdn" + path})
        if os.path.isfile(target):
            data = open(target, "rb").read()
            size = len(data)
        else:
            data = open(recorded, "rb").read()
            size = virtual_size(recorded)
        rng = self.headers.get("Range")
        if rng:
            m = re.match(r"^bytes=(\d+)-(\d+)$", rng)
            if not m:
                return self.answer(416, b"")
            first, last = int(m.group(1)), min(int(m.group(2)), size - 1)
            if first >= size:
                return self.answer(416, b"", {"Content-Range": "bytes */%d" % size})
            if last >= len(data):
                data = data + bytes(last + 1 - len(data))
            return self.answer(206, data[first:last + 1],
                               {"Content-Range": "bytes %d-%d/%d" % (first, last, size)})
        if len(data) < size:
            return self.answer(500, b"recorded header only: ask for a range")
        return self.answer(200, data)


server = ThreadingHTTPServer(("127.0.0.1", 0), Hub)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
