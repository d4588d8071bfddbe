"""Plan revisions from real git history, compared section by section."""

import subprocess

from sitekit import PLAN, dump, fresh, git_repo, make_site, school_dir

from generator.gitflow.history import plan_history


def sh(cwd, *args):
    subprocess.run(args, cwd=cwd, check=True, capture_output=True)


def test_revisions_newest_first_with_section_changes(tmp_path):
    root = git_repo(make_site(tmp_path / "repo"))
    plan = fresh(PLAN)
    plan["problems"] = "问题（修改后）"
    del plan["swot"]["threats"]
    path = school_dir(root) / "plan.yml"
    path.write_text(dump(plan), encoding="utf-8")
    sh(root, "git", "commit", "-qam", "根据专家意见修改")
    revs = plan_history(root, path, "plan.yml")
    assert [r.subject for r in revs] == ["根据专家意见修改", "初稿"]
    assert len(revs[0].date) == 10
    changed = {(c.section, c.change) for c in revs[0].changes}
    assert changed == {("problems", "changed"), ("swot", "changed")}
    assert revs[1].changes == []  # the first revision has nothing to compare with
    assert any(line.startswith("-") and "threats" in line for c in revs[0].changes for line in c.diff)


def test_no_history_outside_git(tmp_path):
    root = make_site(tmp_path / "plain")
    assert plan_history(root, school_dir(root) / "plan.yml", "plan.yml") == []


def test_every_section_a_change_names_is_named_in_chinese_without_its_key():
    """A revision page (public) and the review summary name each changed section: a key with no
    entry in the section tables (output_quotas, period, a review's opinion) is named by its field's
    Chinese label, never shown as the key itself."""
    import re

    from generator.authoring.editorschema import SCHEMAS
    from generator.gitflow.sectiondiff import SectionChange, _label
    files = {"plan.yml": "plan", "training.yml": "training", "school.yml": "school", "selfscore.yml": "selfscore",
             "progress.yml": "progress", "teachers.yml": "teachers", "groups.yml": "groups", "filing.yml": "filing",
             "outputs.yml": "outputs", "reviews/plan-opinion.yml": "review"}
    for file, schema in files.items():
        for name, info in SCHEMAS[f"{schema}.schema.json"].model_fields.items():
            key = info.alias or name
            heading = SectionChange(file, key, _label(file, key), "added").heading
            assert not re.search(r"[A-Za-z]", heading.replace("SWOT", "")), (file, key, heading)
    assert SectionChange("training.yml", "output_quotas", _label("training.yml", "output_quotas"),
                         "added").heading == "《校本研修与考核方案》方案自定的成果数量"
    assert _label("reviews/plan-opinion.yml", "opinion") == "《发展规划的专家意见》指导意见建议汇总（opinion）"
    assert _label("reviews/training-opinion.yml", "experts") == "《校本研修与考核方案的专家意见》指导专家组（experts）"
