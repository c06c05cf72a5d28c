"""The README tells the truth: the two commands, and the LIX table as the checker computes it."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_the_two_commands():
    head = README[:400]
    assert "make run" in head and "make test" in head


def test_lix_table_in_readme_is_current(runner):
    result = runner.invoke(args=["guides", "lix"])
    assert result.exit_code == 0
    table = README.split("<!-- lix-table -->")[1].split("<!-- /lix-table -->")[0].strip()
    assert table == result.output.strip(), "run `flask --app app guides lix` and paste it into README.md"


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
