"""LearnHub as production runs it: gunicorn processes of the test's own, on free ports.

Each instance gets its own instance folder (no file is shared between "hosts"); the
database, Redis, keys and storage come from the environment, as on a real host.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from tests.faults.cluster import free_port

PROJECT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


class Instance:
    """``gunicorn wsgi:app`` with the given LEARNHUB_* settings, reachable at ``self.url``."""

    def __init__(self, env: dict[str, str], *, workers: int = 1, config: str | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.instance = tempfile.mkdtemp(prefix="lh-host-")
        self.log = Path(self.instance) / "gunicorn.log"
        self.env = {**os.environ, "LEARNHUB_INSTANCE_PATH": self.instance, **env}
        command = [str(BIN / "gunicorn"), "--workers", str(workers), "--threads", "4",
                   "--bind", f"127.0.0.1:{self.port}"]  # fmt: skip
        if config:
            command += ["--config", config]
        self.process = subprocess.Popen(
            [*command, "wsgi:app"], cwd=PROJECT, env=self.env, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=self.log.open("wb"),
        )  # fmt: skip

    def wait_ready(self, timeout: float = 60, host: str | None = None) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped: {self.log.read_text()[-3000:]}")
            try:
                if (
                    requests.get(
                        f"{self.url}/healthz", timeout=5, headers={"Host": host} if host else {}
                    ).status_code
                    == 200
                ):
                    return
            except requests.RequestException:  # still booting: the master holds the socket
                pass
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not answer: {self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
                self.process.wait(5)

    def lines(self) -> list[str]:
        return self.log.read_text(errors="replace").splitlines()
