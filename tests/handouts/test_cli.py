"""`flask --app app handouts …` for scripted printing."""
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]


def test_pdf_of_one_handout(runner, tmp_path):
    target = tmp_path / "out" / "nemkonto-da.pdf"
    result = runner.invoke(args=["handouts", "pdf", "--guide", "nemkonto", "--lang", "da", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "1 handout written to" in result.output
    assert target.read_bytes().startswith(b"%PDF") and 1 <= len(PdfReader(target).pages) <= 2


def test_a_batch_shows_its_progress(runner, tmp_path, caplog):
    caplog.set_level(logging.INFO)                 # as the app logs: INFO and up
    target = tmp_path / "batch.pdf"
    result = runner.invoke(args=["handouts", "pdf", "--guide", "nemkonto", "--guide", "tax-check",
                                 "--lang", "da", "--lang", "ar", "-o", str(target)])
    assert result.exit_code == 0, result.output
    for line in ("[1/4] nemkonto (da)", "[2/4] nemkonto (ar)", "[3/4] tax-check (da)", "[4/4] tax-check (ar)"):
        assert line in result.output
    assert "4 handouts written" in result.output
    # WeasyPrint's step-by-step INFO lines would bury the progress (and fill the server log)
    chatter = [r.getMessage() for r in caplog.records
               if r.name.split(".")[0] in ("weasyprint", "fontTools") and r.levelno < logging.WARNING]
    assert chatter == []
    assert "weasyprint" not in result.output.lower()


def test_the_real_command_prints_its_progress_without_weasyprint_lines(app, tmp_path):
    target = tmp_path / "batch.pdf"
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "handouts", "pdf", "--guide", "nemkonto",
                           "--lang", "da", "--lang", "uk", "-o", str(target)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "TRINVIS_INSTANCE": app.instance_path})
    assert done.returncode == 0, done.stderr
    output = done.stdout + done.stderr
    assert "[1/2] nemkonto (da)" in output and "[2/2] nemkonto (uk)" in output
    assert "2 handouts written" in output
    assert "weasyprint" not in output.lower() and "fonttools" not in output.lower(), output


def test_unknown_guide_or_language_is_a_clear_error(runner, tmp_path):
    target = tmp_path / "x.pdf"
    result = runner.invoke(args=["handouts", "pdf", "--guide", "no-such-guide", "--lang", "da", "-o", str(target)])
    assert result.exit_code != 0 and 'there is no guide "no-such-guide"' in result.output
    result = runner.invoke(args=["handouts", "pdf", "--guide", "nemkonto", "--lang", "xx", "-o", str(target)])
    assert result.exit_code != 0 and 'there is no language "xx"' in result.output
    result = runner.invoke(args=["handouts", "pdf", "-o", str(target)])
    assert result.exit_code != 0 and "--guide SLUG" in result.output
    result = runner.invoke(args=["handouts", "stickers", "--lang", "xx", "-o", str(target)])
    assert result.exit_code != 0 and 'there is no language "xx"' in result.output
    assert not target.exists()


def test_an_oversized_batch_is_refused_before_any_work(app, runner, tmp_path):
    app.config["HANDOUTS_MAX_BATCH"] = 10
    target = tmp_path / "all.pdf"
    result = runner.invoke(args=["handouts", "pdf", "--all", "-o", str(target)])
    assert result.exit_code != 0
    assert "is more than the 10 allowed in one PDF" in result.output
    assert "[1/" not in result.output and not target.exists()


def test_stickers_for_a_language(runner, tmp_path):
    target = tmp_path / "stickers.pdf"
    result = runner.invoke(args=["handouts", "stickers", "--lang", "uk", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "stickers on 1 sheet written" in result.output
    assert len(PdfReader(target).pages) == 1


def test_link_prints_the_same_short_link_every_time_and_links_lists_them(app, runner):
    first = runner.invoke(args=["handouts", "link", "--guide", "mitid-app", "--lang", "ar"])
    again = runner.invoke(args=["handouts", "link", "--guide", "mitid-app", "--lang", "ar"])
    assert first.exit_code == 0 and first.output == again.output
    assert first.output.startswith(app.config["BASE_URL"] + "/q/")
    step = runner.invoke(args=["handouts", "link", "--guide", "mitid-app", "--lang", "ar", "--step", "99"])
    assert step.exit_code != 0 and "has steps 1 to" in step.output
    listing = runner.invoke(args=["handouts", "links"])
    code = first.output.strip().rsplit("/", 1)[1]
    assert f"{code}\tmitid-app\tar\t\t/ar/guides/mitid-app/\t0" in listing.output


def test_a_big_batch_is_printed_by_helper_processes(app, runner, tmp_path, monkeypatch):
    from app.handouts import batch, pdf
    monkeypatch.setattr(batch, "PARALLEL_FROM", 2)
    # Helpers are new processes: this process must not print a single handout itself.
    monkeypatch.setattr(pdf, "print_handout", lambda *a: (_ for _ in ()).throw(AssertionError("printed here")))
    target = tmp_path / "helpers.pdf"
    result = runner.invoke(args=["handouts", "pdf", "--guide", "nemkonto", "--guide", "tax-check",
                                 "--lang", "uk", "--lang", "ro", "--jobs", "2", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert sorted(re.findall(r"\[(\d)/4\]", result.output)) == ["1", "2", "3", "4"]
    reader = PdfReader(target)
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "NemKonto" in text and 4 <= len(reader.pages) <= 8
    with app.app_context():  # the helpers' PDFs are in this app's cache, with how many steps fit
        assert len(list(pdf.cache_dir().glob("*.pdf"))) == 4
        from app.guides import library
        assert pdf.measured_fit(library().find("tax-check"), "ro")
