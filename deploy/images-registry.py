#!/usr/bin/env python3
"""Registry API helper for deploy/images.sh (OCI distribution API over plain HTTP, local registry only).

push-base ROOTFS REF VERSION   packs ROOTFS (a jlinked JDK in opt/java) with the C libraries it links, /etc/passwd
                               (user 185) and /tmp into one layer and pushes it as image REF
verify REGISTRY TAG BASE APP=PORT...
                               reads each pushed app image's manifest and config back and checks entrypoint, user,
                               exposed port, probe labels and layers (the base image's layer first); exits 1 otherwise
"""
import gzip, hashlib, io, json, os, subprocess, sys, tarfile, urllib.request

OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"


def request(method, url, data=None, headers=None):
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    with urllib.request.urlopen(req) as resp:
        return resp.status, dict(resp.headers), resp.read()


def split(ref):
    host, rest = ref.split("/", 1)
    name, tag = rest.rsplit(":", 1)
    return host, name, tag


def push_blob(host, name, blob):
    digest = "sha256:" + hashlib.sha256(blob).hexdigest()
    _, headers, _ = request("POST", f"http://{host}/v2/{name}/blobs/uploads/")
    location = headers["Location"]
    if location.startswith("/"):
        location = f"http://{host}{location}"
    sep = "&" if "?" in location else "?"
    request("PUT", f"{location}{sep}digest={digest}", blob, {"Content-Type": "application/octet-stream"})
    return digest


def linked_libraries(rootfs):
    """Every shared library the runtime's executables and libraries need, as ldd resolves them here."""
    libs = set()
    for base, _, files in os.walk(os.path.join(rootfs, "opt/java")):
        for f in files:
            path = os.path.join(base, f)
            if f.endswith(".so") or base.endswith("/bin"):
                out = subprocess.run(["ldd", path], capture_output=True, text=True).stdout
                for line in out.splitlines():
                    parts = line.split()
                    for p in parts:
                        if p.startswith("/") and os.path.exists(p):
                            libs.add(p)
    return sorted(libs)


def push_base(rootfs, ref, version):
    host, name, tag = split(ref)
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        def add_dir(path, mode=0o755, uid=0):
            info = tarfile.TarInfo(path); info.type = tarfile.DIRTYPE; info.mode = mode; info.uid = info.gid = uid
            tar.addfile(info)

        def add_file(path, data, mode=0o644):
            info = tarfile.TarInfo(path); info.size = len(data); info.mode = mode
            tar.addfile(info, io.BytesIO(data))

        for d in ["etc", "tmp", "home", "lib", "lib64", "usr", "usr/lib", "opt"]:
            add_dir(d, 0o1777 if d == "tmp" else 0o755)
        add_dir("home/jboss", 0o755, 185)
        add_file("etc/passwd", b"root:x:0:0:root:/root:/sbin/nologin\njboss:x:185:185:jboss:/home/jboss:/sbin/nologin\n")
        add_file("etc/group", b"root:x:0:\njboss:x:185:\n")
        added = set()
        for lib in linked_libraries(rootfs):
            for path in {lib, os.path.realpath(lib)}:
                arc = path.lstrip("/")
                parent = os.path.dirname(arc)
                parts = parent.split("/")
                for i in range(1, len(parts) + 1):
                    d = "/".join(parts[:i])
                    if d not in added and d not in ["etc", "tmp", "home", "lib", "lib64", "usr", "usr/lib", "opt"]:
                        add_dir(d); added.add(d)
                if arc not in added:
                    tar.add(path, arcname=arc, recursive=False, filter=lambda i: root_owned(i))
                    added.add(arc)
        tar.add(os.path.join(rootfs, "opt/java"), arcname="opt/java", filter=root_owned)
    layer_tar = raw.getvalue()
    layer = gzip.compress(layer_tar, mtime=0)
    layer_digest = push_blob(host, name, layer)
    config = {
        "architecture": "amd64", "os": "linux",
        "config": {"Env": ["PATH=/opt/java/bin:/usr/bin:/bin", "JAVA_HOME=/opt/java", "LANG=C.UTF-8"],
                   "User": "185", "WorkingDir": "/home/jboss",
                   "Labels": {"org.opencontainers.image.title": "sandesh jlinked JRE", "dev.sandesh.java.version": version}},
        "rootfs": {"type": "layers", "diff_ids": ["sha256:" + hashlib.sha256(layer_tar).hexdigest()]},
    }
    config_blob = json.dumps(config, sort_keys=True).encode()
    config_digest = push_blob(host, name, config_blob)
    manifest = {"schemaVersion": 2, "mediaType": OCI_MANIFEST,
                "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": config_digest, "size": len(config_blob)},
                "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": layer_digest, "size": len(layer)}]}
    request("PUT", f"http://{host}/v2/{name}/manifests/{tag}", json.dumps(manifest).encode(), {"Content-Type": OCI_MANIFEST})
    print(f"images: pushed base {ref}: one layer {layer_digest[:19]}… {len(layer) // 1024 // 1024} MB compressed")


def root_owned(info):
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def manifest(host, name, tag):
    _, _, body = request("GET", f"http://{host}/v2/{name}/manifests/{tag}",
                         headers={"Accept": f"{OCI_MANIFEST}, {DOCKER_MANIFEST}"})
    return json.loads(body)


def verify(host, tag, base, apps):
    bhost, bname, btag = split(base)
    base_layers = [l["digest"] for l in manifest(bhost, bname, btag)["layers"]]
    failures = []
    for spec in apps:
        app, port = spec.split("=")
        m = manifest(host, f"sandesh/{app}", tag)
        _, _, cfg = request("GET", f"http://{host}/v2/sandesh/{app}/blobs/{m['config']['digest']}")
        c = json.loads(cfg)["config"]
        layers = [l["digest"] for l in m["layers"]]
        entry = (c.get("Entrypoint") or []) + (c.get("Cmd") or [])
        labels = c.get("Labels") or {}
        checks = {
            "entrypoint runs java on the fast-jar": bool(entry) and entry[0].endswith("java") and any(a.endswith("quarkus-run.jar") for a in entry),
            "user is 185, not root": c.get("User") in ("185", "185:185"),
            f"exposes {port}/tcp only": set((c.get("ExposedPorts") or {}).keys()) == {f"{port}/tcp"},
            "readiness/liveness labels": labels.get("dev.sandesh.health.readiness") == "/q/health/ready"
                                         and labels.get("dev.sandesh.health.liveness") == "/q/health/live",
            "starts with the base image's layer(s)": layers[:len(base_layers)] == base_layers,
            "has the app's own layers on top": len(layers) > len(base_layers),
            "java on PATH": any(e.startswith("PATH=/opt/java/bin") for e in c.get("Env") or []),
        }
        bad = [k for k, ok in checks.items() if not ok]
        size = sum(l["size"] for l in m["layers"][len(base_layers):])
        print(f"images: {host}/sandesh/{app}:{tag} {m['mediaType'] if 'mediaType' in m else ''} "
              f"{len(layers)} layers (app {size // 1024} KB) entrypoint={' '.join(entry)} user={c.get('User')} "
              f"ports={list((c.get('ExposedPorts') or {}).keys())} -> {'OK' if not bad else 'FAILED: ' + ', '.join(bad)}")
        if bad:
            print(f"images:   labels={labels}")
            failures.append(app)
    if failures:
        sys.exit(f"images: verification failed for {', '.join(failures)}")
    print(f"images: all {len(apps)} images verified over the registry API")


if __name__ == "__main__":
    if sys.argv[1] == "push-base":
        push_base(sys.argv[2], sys.argv[3], sys.argv[4])
    elif sys.argv[1] == "verify":
        verify(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:])
    else:
        sys.exit(__doc__)
