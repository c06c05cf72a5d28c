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
