"""One git log for the whole site: the same dates and revisions as asking git file by file."""

import subprocess

from sitekit import PLAN, dump, fresh, git_repo, make_site, school_dir

from generator.check.validate import check_site
from generator.gitflow import gitio, log as gitlog
from generator.gitflow.history import plan_history
from generator.gitflow.updated import updated_dates


def two_commits(tmp_path):
    """A site whose plan changed in a second commit, which also adds a file outside the school."""
    root = git_repo(make_site(tmp_path / "repo"))
    plan = {**fresh(PLAN), "problems": "问题（修改后）"}
    (school_dir(root) / "plan.yml").write_text(dump(plan), encoding="utf-8")
    (root / "notes.md").write_text("不在学校文件夹里\n", encoding="utf-8")
    for args in (["add", "-A"], ["commit", "-qm", "根据专家意见修改"]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
    return root


def test_log_answers_as_git_does_file_by_file(tmp_path):
    root = two_commits(tmp_path)
    log = gitlog.RepoLog.read(root)
    try:
        for name in ("plan.yml", "training.yml", "school.yml"):
            path = school_dir(root) / name
            assert log.history(path) == gitio.history(root, path)
            for rev in log.history(path):
                assert log.show(rev.commit, path) == gitio.show(root, rev.commit, path)
        path = school_dir(root) / "plan.yml"
        assert plan_history(root, path, "plan.yml", log=log) == plan_history(root, path, "plan.yml")
        assert log.show(log.history(path)[0].commit, school_dir(root) / "absent.yml") is None
    finally:
        log.close()
    content, _ = check_site(root)
    folder = content.schools[0].folder
    expected = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%cs", "--", str(folder)],
                              capture_output=True, text=True, check=True).stdout.strip()
    assert updated_dates(content) == {content.schools[0].school.id: expected}


def test_no_git_process_outside_a_checkout(tmp_path, monkeypatch):
    root = make_site(tmp_path / "plain")
    content, _ = check_site(root)

    def no_process(*args, **kwargs):
        raise AssertionError(f"git started outside a checkout: {args}")

    monkeypatch.setattr(subprocess, "run", no_process)
    monkeypatch.setattr(subprocess, "Popen", no_process)
    assert gitlog.RepoLog.read(root) is None
    assert updated_dates(content) == {}
