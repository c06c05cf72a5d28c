"""Settings: defaults, the instance folder, environment overrides; secrets made once into instance/."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DEFAULTS = dict(
    GUIDES_DIR=str(ROOT / "guides"),
    SITE_FACTS=str(ROOT / "site" / "facts.toml"),
    TRANSLATIONS_DIR=str(ROOT / "translations"),
    BASE_URL="http://127.0.0.1:5000",
    GUIDES_RELOAD_SECONDS=2.0,
    SEND_FILE_MAX_AGE_DEFAULT=3600,
    MAX_CONTENT_LENGTH=256 * 1024,
)

# environment variable -> config key
ENVIRONMENT = {
    "TRINVIS_BASE_URL": "BASE_URL",
    "TRINVIS_GUIDES": "GUIDES_DIR",
    "TRINVIS_SITE_FACTS": "SITE_FACTS",
    "TRINVIS_GUIDES_EDIT_URL": "GUIDES_EDIT_URL",  # e.g. https://git.example/trinvis/edit/main/{path}#L{line}
    "TRINVIS_KIOSK_ALLOWED_HOSTS": "KIOSK_ALLOWED_HOSTS",  # comma-separated; kiosk_mode reads the list
    "TRINVIS_PUSH_HOSTS": "PUSH_HOSTS",  # comma-separated push services (".x.com": any subdomain); app/push reads it
}


def host_list(value, setting: str, expected: str, valid, clean=lambda host: host) -> list[str]:
    """Host names from a setting: a list, or its comma-separated text; lower-cased, blanks and
    repeats dropped. `clean` tidies a name, `valid` judges it; the first bad one raises ValueError
    naming the setting and what was `expected`."""
    hosts = []
    for item in value.split(",") if isinstance(value, str) else value:
        host = clean(item.strip().lower())
        if not host:
            continue
        if not valid(host):
            raise ValueError(f"{setting}: {item.strip()!r} is not {expected}")
        if host not in hosts:
            hosts.append(host)
    return hosts


def instance_path() -> str:
    return str(Path(os.environ.get("TRINVIS_INSTANCE", ROOT / "instance")).resolve())


def secret(folder: str, name: str, make=lambda: secrets.token_hex(32)) -> str:
    """Read a secret from the instance folder, making it (readable by the owner only) the first time."""
    path = Path(folder) / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(make())
    return path.read_text().strip()


def init_app(app, test_config: dict | None = None) -> None:
    app.config.update(DEFAULTS)
    app.config["DATABASE"] = str(Path(app.instance_path) / "trinvis.sqlite3")
    port = os.environ.get("PORT")
    if port:
        app.config["BASE_URL"] = f"http://127.0.0.1:{port}"
    for variable, key in ENVIRONMENT.items():
        if os.environ.get(variable):
            app.config[key] = os.environ[variable]
    if test_config:
        app.config.update(test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = secret(app.instance_path, "secret_key")
