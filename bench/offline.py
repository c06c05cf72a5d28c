"""Benchmark: how soon a step page shows on a slow phone (LCP, cold, repeat and offline visits),
and how many step pages per second the app serves compared with nginx serving the export.

Run:  .venv/bin/python bench/offline.py [--runs 5] [--seconds 10] [--url /da/guides/mitid-app/3/]

- The app runs as `make run` runs it (gunicorn, 2 workers × 4 threads) on a fresh instance.
- The site is exported with `flask --app app export` into bench/out/export and served by nginx
  with the README's configuration (app/offline/nginx/export.conf).
- LCP: real Chromium, network emulated at Chrome's "Slow 4G" (562.5 ms RTT, 180 kB/s down,
  84 kB/s up) and the CPU slowed down 4× through the DevTools protocol. Cold: a new profile.
  Repeat: the same page again once the worker controls the page and holds it. Offline: the
  same, with the network off.
- Throughput: wrk (2 threads, 32 connections, gzip accepted) against the same step page,
  first the app, then nginx, in the same run; the ratio is what matters on a shared machine.
Prints a Markdown section for bench/RESULTS.md. Needs nginx and wrk (installed with apt when
run as root and missing).
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
BIN = ROOT / ".venv" / "bin"
CHROMIUM = os.environ.get("TRINVIS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
SLOW_4G = {"offline": False, "latency": 562.5, "downloadThroughput": 180_000, "uploadThroughput": 84_375}
LCP = """() => new Promise(resolve => {
  new PerformanceObserver(list => { const all = list.getEntries(); resolve(all[all.length - 1].startTime); })
    .observe({type: "largest-contentful-paint", buffered: true});
  setTimeout(() => resolve(null), 5000);
})"""
CONTROLLED = """async () => {
  const registration = await navigator.serviceWorker.ready;
  const worker = registration.active;
  if (worker.state !== "activated") {
    await new Promise(done => worker.addEventListener("statechange", () => worker.state === "activated" && done()));
  }
  if (!navigator.serviceWorker.controller) {
    await new Promise(done => navigator.serviceWorker.addEventListener("controllerchange", done, {once: true}));
  }
}"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def need_tools() -> None:
    missing = [tool for tool, package in (("nginx", "nginx-light"), ("wrk", "wrk")) if not shutil.which(tool)]
    if not missing:
        return
    packages = ["nginx-light" if t == "nginx" else t for t in missing]
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", *packages], check=True)
    else:
        sys.exit(f"install these first: sudo apt-get install -y {' '.join(packages)}")


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next((int(line.split()[1]) // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)

    def version(command):
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=10)
            return (result.stdout + result.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.TimeoutExpired):
            return "?"
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_mb": memory, "os": platform.platform(),
            "chromium": version([CHROMIUM, "--version"]).replace("\x1b", ""), "nginx": version(["nginx", "-v"]),
            "wrk": version(["wrk", "-v"]), "python": platform.python_version()}


class App:
    """gunicorn as `make run` starts it, on a fresh instance folder."""

    def __init__(self, instance: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, TRINVIS_INSTANCE=str(instance))
        subprocess.run([BIN / "flask", "--app", "app", "db", "migrate"], cwd=ROOT, env=env, check=True,
                       capture_output=True)
        self.process = subprocess.Popen(
            [BIN / "gunicorn", "--workers", "2", "--threads", "4", "--bind", f"127.0.0.1:{self.port}",
             "--log-level", "warning", "app:create_app()"], cwd=ROOT, env=env)

    def __enter__(self):
        wait_for(self.url + "/healthz")
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=20)


class Nginx:
    """nginx with the README's export configuration, run from a scratch folder."""

    def __init__(self, site: Path, scratch: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        body = (ROOT / "app" / "offline" / "nginx" / "export.conf").read_text()
        body = (body.replace("listen 80;", f"listen 127.0.0.1:{self.port};")
                .replace("/var/log/nginx/", f"{scratch}/").replace("/srv/trinvis/site", str(site)))
        user = "user root;\n" if os.geteuid() == 0 else ""
        self.config = scratch / "nginx.conf"
        self.config.write_text(
            f"daemon off;\n{user}worker_processes auto;\npid {scratch}/nginx.pid;\nerror_log {scratch}/error.log;\n"
            "events { worker_connections 1024; }\n"
            f"http {{\ninclude /etc/nginx/mime.types;\ndefault_type application/octet-stream;\n"
            f"client_body_temp_path {scratch}/body;\nproxy_temp_path {scratch}/proxy;\n"
            f"fastcgi_temp_path {scratch}/fastcgi;\nuwsgi_temp_path {scratch}/uwsgi;\nscgi_temp_path {scratch}/scgi;\n"
            f"{body}\n}}\n")

    def __enter__(self):
        self.process = subprocess.Popen(["nginx", "-c", str(self.config), "-p", str(self.config.parent)])
        wait_for(self.url + "/sw.js")
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=20)


def export(instance: Path, target: Path) -> float:
    started = time.monotonic()
    subprocess.run([BIN / "flask", "--app", "app", "export", str(target)], cwd=ROOT, check=True,
                   env=dict(os.environ, TRINVIS_INSTANCE=str(instance)), capture_output=True)
    return time.monotonic() - started


def lcp_runs(browser, base: str, url: str, runs: int) -> dict[str, list[float]]:
    figures = {"cold": [], "repeat": [], "offline": []}
    for _ in range(runs):
        context = browser.new_context()
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", SLOW_4G)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        page.goto(base + url, wait_until="load")
        figures["cold"].append(page.evaluate(LCP))
        page.evaluate(CONTROLLED)
        page.goto(base + url, wait_until="load")  # through the worker now: it stores the page
        page.goto(base + url, wait_until="load")
        figures["repeat"].append(page.evaluate(LCP))
        context.set_offline(True)
        page.goto(base + url, wait_until="load")
        figures["offline"].append(page.evaluate(LCP))
        context.close()
    return figures


def wrk(url: str, seconds: int) -> dict:
    result = subprocess.run(["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", "-H", "Accept-Encoding: gzip", url],
                            capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", result).group(1))

    def latency(percent):
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", result, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", result)
    return {"rate": rate, "p50": latency(50), "p99": latency(99), "errors": int(errors.group(1)) if errors else 0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--url", default="/da/guides/mitid-app/3/")
    args = parser.parse_args()
    need_tools()
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="trinvis-bench-") as scratch:
        scratch = Path(scratch)
        site = OUT / "export"
        export_seconds = export(scratch / "instance", site)
        with App(scratch / "instance") as app, Nginx(site, scratch) as nginx, sync_playwright() as p:
            for server in (app, nginx):  # warm up: first requests load the library, fill OS caches
                for _ in range(20):
                    urllib.request.urlopen(server.url + args.url).read()
            browser = p.chromium.launch(executable_path=CHROMIUM if os.path.exists(CHROMIUM) else None,
                                        args=CHROMIUM_ARGS)
            lcp = {"app (gunicorn)": lcp_runs(browser, app.url, args.url, args.runs),
                   "export (nginx)": lcp_runs(browser, nginx.url, args.url, args.runs)}
            browser.close()
            rates = {"app (gunicorn)": wrk(app.url + args.url, args.seconds),
                     "export (nginx)": wrk(nginx.url + args.url, args.seconds)}
    load_after = os.getloadavg()[0]
    report(machine(), args, lcp, rates, export_seconds, load_before, load_after)


def report(info, args, lcp, rates, export_seconds, load_before, load_after) -> None:
    today = dt.date.today().isoformat()
    print(f"### Offline, LCP and throughput ({today}, `bench/offline.py`)\n")
    print(f"Machine: {info['cpu']}, {info['cores']} cores, {info['memory_mb']} MB; {info['os']}; "
          f"{info['chromium']}; {info['nginx']}; {info['wrk']}; Python {info['python']}. "
          f"1-minute load average {load_before:.1f} before, {load_after:.1f} after.\n")
    print(f"Step page `{args.url}`; {args.runs} runs each, median (min–max) in ms.\n")
    print("| server | cold LCP | repeat LCP | offline LCP |\n| --- | ---: | ---: | ---: |")
    for name, figures in lcp.items():
        cells = []
        for kind in ("cold", "repeat", "offline"):
            values = [v for v in figures[kind] if v is not None]
            cells.append(f"{statistics.median(values):.0f} ({min(values):.0f}–{max(values):.0f})" if values else "–")
        print(f"| {name} | " + " | ".join(cells) + " |")
    print(f"\nwrk, 2 threads, 32 connections, {args.seconds} s, gzip accepted, on the same cores as the server:\n")
    print("| server | requests/s | p50 ms | p99 ms | non-2xx |\n| --- | ---: | ---: | ---: | ---: |")
    for name, figures in rates.items():
        print(f"| {name} | {figures['rate']:,.0f} | {figures['p50']:.2f} | {figures['p99']:.2f} | {figures['errors']} |")
    ratio = rates["export (nginx)"]["rate"] / rates["app (gunicorn)"]["rate"]
    print(f"\nnginx serves the exported step page {ratio:.0f}× as fast as the app. "
          f"The export itself took {export_seconds:.0f} s.")


if __name__ == "__main__":
    main()
