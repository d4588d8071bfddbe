"""Plan pages list their git revisions; each revision page shows its section changes."""

import re
import subprocess

from sitekit import PLAN, dump, fresh, git_repo, make_site, render_site, school_dir

from generator.load.content import load_content


def sh(cwd, *args):
    subprocess.run(args, cwd=cwd, check=True, capture_output=True)


def build(root):
    content = load_content(root, [])
    return render_site(content)


def test_history_and_change_pages(tmp_path):
    root = git_repo(make_site(tmp_path / "repo"))
    plan = fresh(PLAN)
    plan["problems"] = "对照智慧教育的要求，问题仍多"
    (school_dir(root) / "plan.yml").write_text(dump(plan), encoding="utf-8")
    sh(root, "git", "commit", "-qam", "根据专家意见修改，电话 13800138000")
    files = build(root)
    page = files["schools/test-school/plan/index.html"].decode("utf-8")
    assert "修订历史" in page and "初稿" in page and "首次提交" in page
    assert "13800138000" not in page and "未显示" in page  # a commit message with a phone is hidden
    changes = [p for p in files if p.startswith("schools/test-school/plan/changes/")]
    assert len(changes) == 1
    html = files[changes[0]].decode("utf-8")
    assert "对标应用模式存在的问题" in html and "（problems）" not in html and "<mark>" in html
    assert "training/changes" not in " ".join(files)  # the training plan did not change


def test_no_history_outside_git(tmp_path):
    root = make_site(tmp_path / "plain")
    page = build(root)["schools/test-school/plan/index.html"].decode("utf-8")
    assert "修订历史" not in page


def _edited_repo(tmp_path, site=None):
    from sitekit import SITE
    root = git_repo(make_site(tmp_path / "repo", site=site or SITE))
    plan = fresh(PLAN)
    plan["problems"] = "对照智慧教育的要求，问题仍多"
    (school_dir(root) / "plan.yml").write_text(dump(plan), encoding="utf-8")
    sh(root, "git", "commit", "-qam", "Refactor the renderer")
    return root


def test_no_history_when_the_repository_is_the_tools_own(tmp_path, monkeypatch):
    from generator.gitflow import ownhistory
    root = _edited_repo(tmp_path)
    (root / "generator").mkdir()
    monkeypatch.setattr(ownhistory, "TOOL_PACKAGE", (root / "generator").resolve())
    files = build(root)
    page = files["schools/test-school/plan/index.html"].decode("utf-8")
    assert "修订历史" not in page and "Refactor the renderer" not in page
    assert not [p for p in files if "/changes/" in p]


def test_site_yml_decides_when_it_says(tmp_path, monkeypatch):
    from sitekit import SITE

    from generator.gitflow import ownhistory
    root = _edited_repo(tmp_path, site={**SITE, "history": True})
    monkeypatch.setattr(ownhistory, "TOOL_PACKAGE", (root / "generator").resolve())
    assert "修订历史" in build(root)["schools/test-school/plan/index.html"].decode("utf-8")
    off = _edited_repo(tmp_path / "off", site={**SITE, "history": False})
    assert "修订历史" not in build(off)["schools/test-school/plan/index.html"].decode("utf-8")


def test_updated_dates_are_the_plans_own_unless_the_history_is(tmp_path, monkeypatch):
    from generator.gitflow.updated import updated_dates
    from generator.gitflow import ownhistory
    root = _edited_repo(tmp_path)
    content = load_content(root, [])
    assert list(updated_dates(content).values()) and all(len(v) == 10 for v in updated_dates(content).values())
    monkeypatch.setattr(ownhistory, "TOOL_PACKAGE", root.resolve())
    plan = content.schools[0].plan
    assert updated_dates(content) == ({content.schools[0].school.id: plan.version} if plan.version else {})


def test_an_older_revisions_phone_is_masked_in_the_published_diff(tmp_path):
    from privacy_corpus import CASES, leaked
    root = git_repo(make_site(tmp_path / "repo"))
    plan = fresh(PLAN)
    plan["problems"] = "\n\n".join(text for _, text, _ in CASES) + "\n"
    (school_dir(root) / "plan.yml").write_text(dump(plan), encoding="utf-8")
    sh(root, "git", "commit", "-qam", "加上联系方式")
    plan["problems"] = "问题已改写"
    (school_dir(root) / "plan.yml").write_text(dump(plan), encoding="utf-8")
    sh(root, "git", "commit", "-qam", "删去联系方式")
    files = build(root)
    changes = [p for p in files if p.startswith("schools/test-school/plan/changes/")]
    assert len(changes) == 2
    for path in changes:
        html = files[path].decode("utf-8")
        for name, _, secret in CASES:
            assert not leaked(html, secret), (path, name)


def _revised(root, message, **changes):
    plan = {**fresh(PLAN), **changes}
    (school_dir(root) / "plan.yml").write_text(dump(plan), encoding="utf-8")
    sh(root, "git", "commit", "-qam", message)


def test_a_revision_page_says_what_changed_in_words(tmp_path):
    root = git_repo(make_site(tmp_path / "repo"))
    _revised(root, "第二稿", problems="教师应用不足。设备老化。")
    _revised(root, "第三稿", problems="教师应用不足。终端设备老化，需要更新。",
             goals=[{"title": "目标", "text": "正文有所修改", "capabilities": ["G4", "G5"]},
                    {"title": "新的目标", "text": "全体教师完成 50 学时研修", "capabilities": ["G8"]}])
    files = build(root)
    pages = sorted(p for p in files if p.startswith("schools/test-school/plan/changes/"))
    html = max((files[p].decode("utf-8") for p in pages), key=lambda h: h.count("change-lines"))
    text = re.sub(r"<[^>]+>", "", html)
    assert "三、对标应用模式存在的问题：修改 1 处" in text
    assert "六、一年绩效目标：新增 1 条；修改 1 处" in text
    assert "设备老化。" in text and "终端设备老化，需要更新。" in text  # the sentences, old and new
    assert "全体教师完成 50 学时研修" in text
    for raw in ("@@", "capabilities:", "text:", "title:", "另有"):
        assert raw not in text, raw


def test_a_changed_flag_reads_as_yes_or_no_beside_its_item():
    from generator.gitflow.sectionprose import describe
    prose = describe({"members": [{"name": "张校长", "lead": True}]}, {"members": [{"name": "张校长", "lead": False}]})
    assert prose.summary == "修改 1 处" and prose.lines == [("edit", "张校长：是", "张校长：否")]
    assert describe("甲。乙。", "甲。").lines == [("del", "乙。", "")]
