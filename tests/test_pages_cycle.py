"""The cycle pages (generator/site/pages/cycle.py): after the plans, each school's acceptance and its
hour register as counts per year, and the yearly summaries and plans of schools and districts."""

import io
import zipfile

import pytest
from test_rules_register import site as register_site
from test_rules_yearly import FILED_2022, PLANS
from test_rules_yearly import site as yearly_site

from generator.cli import main
from generator.model.process import FilingStep
from generator.model.yearly import WHAT, Yearly
from generator.site.pages.cycle import yearly_view


@pytest.fixture(autouse=True)
def build_day(monkeypatch):
    monkeypatch.setenv("PLANSITE_TODAY", "2022-08-31")


def test_yearly_reports_are_listed_latest_first_with_the_day_each_was_filed():
    yearly = Yearly(reports=[{"year": 2022, "summary": "甲"}, {"year": 2023, "summary": "乙"}])
    steps = [FilingStep(step="报送", date="2022-01-20", body="一区教育局", what=WHAT),
             FilingStep(step="报送", date="2022-03-01", body="一区教育局", what=WHAT),   # a second filing: the first counts
             FilingStep(step="报送", date="2023-01-10", body="一区教育局")]              # the plans, not a yearly report
    view = yearly_view(yearly, steps)
    assert [(v["report"].year, v["filed"]) for v in view] == [(2023, None), (2022, "2022-01-20")]
    assert yearly_view(None, steps) == []


def test_the_site_shows_counts_per_year_and_no_teacher(tmp_path):
    root = register_site(tmp_path)
    out = tmp_path / "out"
    assert main(["build", str(root), "--out", str(out)]) == 0
    page = (out / "schools" / "test-school" / "index.html").read_text(encoding="utf-8")
    section = page[page.index('id="h-register"'):page.index("</section>", page.index('id="h-register"'))]
    assert "2022-06-20" in section and "通过" in section
    assert 'data-fact="registered_teachers" data-scope="school:test-school:2022">2<' in section
    assert 'data-fact="registered_hours" data-scope="school:test-school:2022">70<' in section
    published = "".join(p.read_text(encoding="utf-8", errors="ignore") for p in out.rglob("*")
                        if p.is_file() and p.suffix in (".html", ".json", ".csv", ".txt"))
    assert "张老师" not in published
    dash = (out / "dashboard" / "index.html").read_text(encoding="utf-8")
    assert "学时登记（按区、按年度）" in dash



def test_the_school_page_the_dashboard_and_the_word_export_show_the_report(tmp_path):
    root = yearly_site(tmp_path, PLANS + [FILED_2022])
    out = tmp_path / "out"
    assert main(["build", str(root), "--out", str(out)]) == 0
    page = (out / "schools" / "test-school" / "index.html").read_text(encoding="utf-8")
    section = page[page.index('id="h-yearly"'):page.index("</section>", page.index('id="h-yearly"'))]
    assert "2021 年完成第一批教师培训" in section and "第二批教师网络研修" in section and "2022-01-20" in section
    dash = (out / "dashboard" / "index.html").read_text(encoding="utf-8")
    assert "年度总结与计划（逐年）" in dash
    csv = (out / "dashboard" / "yearly.csv").read_text(encoding="utf-8-sig").splitlines()
    assert csv[1].split(",")[:5] == ["2022", "1", "1", "1", "0"]
    export = tmp_path / "export"
    assert main(["export", str(root), "--no-pdf", "--out", str(export)]) == 0
    docs = list(export.rglob("*年度*.docx"))
    assert len(docs) == 1 and "2022" in docs[0].name
    with zipfile.ZipFile(io.BytesIO(docs[0].read_bytes())) as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert "2021 年工作总结" in body and "2022 年度实施计划" in body and "第二批教师网络研修" in body


# ── the demo ─────────────────────────────────────────────────────────────────

def test_the_demo_shows_an_accepted_school_its_register_yearly_reports_and_one_overdue(built_demo):
    """The sample city (bench/cycle_city.py): sample-fenglin-04 is accepted and shows its register as
    counts per year; its yearly reports are on its page; sample-guihu-08 has not filed its 2023 report."""
    page = (built_demo / "schools" / "sample-fenglin-04" / "index.html").read_text(encoding="utf-8")
    register = page[page.index('id="h-register"'):page.index("</section>", page.index('id="h-register"'))]
    assert "整校验收" in register and "通过" in register
    assert 'data-fact="registered_teachers" data-scope="school:sample-fenglin-04:2021"' in register
    assert 'data-fact="registered_teachers" data-scope="school:sample-fenglin-04:2022"' in register
    assert 'id="h-yearly"' in page and "2022 年度实施计划" in page
    late = (built_demo / "schools" / "sample-guihu-08" / "index.html").read_text(encoding="utf-8")
    assert "年度总结与计划 报送" in late and "2023-01-31" in late
    board = (built_demo / "dashboard" / "yearly.csv").read_text(encoding="utf-8-sig").splitlines()
    rows = {r.split(",")[0]: r.split(",") for r in board[1:]}
    assert int(rows["2023"][4]) >= 1 and int(rows["2022"][3]) >= 20
    assert "学时登记（按区、按年度）" in (built_demo / "dashboard" / "index.html").read_text(encoding="utf-8")
    district = (built_demo / "districts" / "sample-fenglin" / "index.html").read_text(encoding="utf-8")
    assert 'id="h-yearly"' in district

