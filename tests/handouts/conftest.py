"""An app over a temporary guides folder, for renaming and removing guides."""
import pytest

from app import create_app
from tests.content.helpers import write_guide


@pytest.fixture
def guides_dir(tmp_path):
    folder = tmp_path / "guides"
    write_guide(folder, "log-in")  # Danish and English only
    return folder


@pytest.fixture
def small_app(tmp_path, monkeypatch, guides_dir):
    monkeypatch.setenv("TRINVIS_INSTANCE", str(tmp_path / "instance"))
    return create_app({"TESTING": True, "SECRET_KEY": "x", "GUIDES_DIR": str(guides_dir),
                       "GUIDES_RELOAD_SECONDS": 0, "BASE_URL": "https://trinvis.example"})
