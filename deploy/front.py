"""Run the nginx front from `deploy/nginx/` in a folder of its own: used by `bench/load.py`, the
slow-connection test and anyone trying the production setup without root.

    python deploy/front.py --listen 127.0.0.1:8080 --upstream 127.0.0.1:8000 --dir /tmp/front

`start()` writes the two files (advisor.conf with its placeholders filled, standalone.conf around
it) and starts `nginx -p DIR -c DIR/nginx.conf` in the foreground; stop it with SIGQUIT (graceful)
or SIGTERM.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def nginx_binary() -> str | None:
    return shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)


def write_config(folder: Path, listen: str, upstream: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / sub).mkdir(exist_ok=True)
        # Started as root, nginx's workers run as `nobody`: they must write their temp files.
        (folder / sub).chmod(0o777)
    site = (HERE / "nginx" / "advisor.conf").read_text()
    site = site.replace("@LISTEN@", listen).replace("@UPSTREAM@", upstream)
    site = site.replace("@ACCESS_LOG@", str(folder / "access.log"))
    (folder / "advisor.conf").write_text(site)
    main = (HERE / "nginx" / "standalone.conf").read_text()
    main = main.replace("@PREFIX@", str(folder)).replace("@SITE@", str(folder / "advisor.conf"))
    conf = folder / "nginx.conf"
    conf.write_text(main)
    return conf


def start(folder: Path, listen: str, upstream: str, *, wait: float = 10.0) -> subprocess.Popen[bytes]:
    """Start nginx in the foreground; returns once it accepts connections on `listen`."""
    binary = nginx_binary()
    if binary is None:
        raise RuntimeError("nginx is not installed (scripts/system-deps.sh installs it)")
    conf = write_config(folder, listen, upstream)
    log = open(folder / "nginx.out", "wb")  # noqa: SIM115  (closed with the process)
    proc = subprocess.Popen([binary, "-p", str(folder), "-c", str(conf)], stdout=log, stderr=log)
    proc.log = log  # type: ignore[attr-defined]
    host, port = listen.rsplit(":", 1)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"nginx exited: {(folder / 'nginx.out').read_text()[-2000:]}")
        try:
            socket.create_connection((host, int(port)), timeout=0.5).close()
            return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("nginx did not start")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
    log = getattr(proc, "log", None)
    if log is not None:
        log.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--listen", default="127.0.0.1:8080")
    parser.add_argument("--upstream", default="127.0.0.1:8000")
    parser.add_argument("--dir", default="instance/front", help="folder for the config, logs and temp files")
    args = parser.parse_args()
    proc = start(Path(args.dir).resolve(), args.listen, args.upstream)
    print(f"nginx front on http://{args.listen} -> {args.upstream} (config and logs in {args.dir})")
    try:
        proc.wait()
    except KeyboardInterrupt:
        stop(proc)


if __name__ == "__main__":
    main()
