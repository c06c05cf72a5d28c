"""A broken guide file never takes the site down."""
import shutil
from pathlib import Path

from app import create_app

ROOT = Path(__file__).resolve().parents[2]


def test_a_broken_guide_is_logged_and_every_other_guide_is_served(tmp_path, monkeypatch, caplog):
    guides = tmp_path / "guides"
    shutil.copytree(ROOT / "guides", guides)
    (guides / "nemkonto" / "da.md").write_text("+++\ntitle = \n+++\n", encoding="utf-8")
    monkeypatch.setenv("TRINVIS_INSTANCE", str(tmp_path / "instance"))
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "GUIDES_DIR": str(guides)})
    client = app.test_client()
    assert client.get("/da/guides/nemkonto/").status_code == 404
    assert client.get("/da/guides/mitid-app/").status_code == 200
    assert client.get("/da/").status_code == 200
    assert any("nemkonto" in r.getMessage() for r in caplog.records)
    result = app.test_cli_runner().invoke(args=["guides", "check"])
    assert result.exit_code == 1
    assert "nemkonto/da.md:2: the settings are not valid TOML: Invalid value" in result.output


def make_app(tmp_path, monkeypatch):
    monkeypatch.setenv("TRINVIS_INSTANCE", str(tmp_path / "instance"))
    return create_app({"TESTING": True, "SECRET_KEY": "x", "GUIDES_DIR": str(tmp_path / "guides")})


def copy_guides(tmp_path) -> Path:
    guides = tmp_path / "guides"
    shutil.copytree(ROOT / "guides", guides)
    return guides


def test_a_guide_saved_as_windows_1252_is_reported_and_the_others_are_served(tmp_path, monkeypatch, caplog):
    guides = copy_guides(tmp_path)
    danish = (guides / "nemkonto" / "da.md").read_text(encoding="utf-8")
    (guides / "nemkonto" / "da.md").write_bytes(danish.encode("cp1252"))
    app = make_app(tmp_path, monkeypatch)
    client = app.test_client()
    assert client.get("/da/guides/nemkonto/").status_code == 404
    assert client.get("/da/guides/mitid-app/1/").status_code == 200
    assert client.get("/da/").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert any("nemkonto/da.md" in r.getMessage() and "not UTF-8" in r.getMessage() for r in caplog.records)
    result = app.test_cli_runner().invoke(args=["guides", "check"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    line = next(n for n, text in enumerate(danish.splitlines(), 1) if not text.isascii())
    assert f"nemkonto/da.md:{line}: the file is not UTF-8 text" in result.output
    assert "Traceback" not in result.output


def test_a_list_shaped_paths_toml_is_reported_and_the_site_still_serves(tmp_path, monkeypatch):
    guides = copy_guides(tmp_path)
    (guides / "paths.toml").write_text('older = ["mitid-app", "nemkonto"]\n', encoding="utf-8")
    app = make_app(tmp_path, monkeypatch)
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    assert client.get("/da/").status_code == 200
    older = client.get("/en/for/older/")
    assert older.status_code == 200 and "/en/guides/mitid-app/" in older.get_data(as_text=True)
    result = app.test_cli_runner().invoke(args=["guides", "check"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert 'paths.toml:1: "older" must be a table: write [older] on its own line' in result.output


def test_stamp_on_a_translation_without_closing_front_matter_says_why(tmp_path, monkeypatch):
    guides = copy_guides(tmp_path)
    english = guides / "nemkonto" / "en.md"
    lines = english.read_text(encoding="utf-8").splitlines()
    closing = next(n for n in range(1, len(lines)) if lines[n].strip() == "+++")
    english.write_text("\n".join(lines[:closing] + lines[closing + 1:]) + "\n", encoding="utf-8")
    result = make_app(tmp_path, monkeypatch).test_cli_runner().invoke(args=["guides", "stamp", "nemkonto", "en"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert 'nemkonto/en.md:1: the front matter has no closing "+++" line (nothing was stamped)' in result.output
    assert "Traceback" not in result.output
