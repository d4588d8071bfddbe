"""plansite init: write a new site repository for a city or district office."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.choices import HOSTS

HELP = """为市（区、县）工程办新建一个两案站点仓库：带中文注释的 site.yml、一个示例区、给工程办的
README.md、CI 配置（GitHub Actions、GitLab CI、Gitea / Forgejo Actions，用 --host 选择）、tools/ 中本机 plansite 的
wheel 及其 SHA-256 和固定版本的依赖（CI 据此安装，不依赖软件包索引上有没有 plansite）、.pre-commit-config.yaml、
.gitignore 和编辑器用的 JSON Schema。新站点可以直接检查和生成。
Write a new site repository for a city or district office; it checks clean and builds as written.

示例 Example:
  plansite init foshan --profile foshan --city 佛山市
  plansite init foshan --city 佛山市 --host gitlab
  cd foshan && plansite new --district chancheng --school nanhua-primary
"""


def add_parser(sub) -> None:
    p = sub.add_parser("init", help="新建站点仓库 · create a site repository", description=HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dir", metavar="DIR", help="新站点的文件夹（不存在或为空）· folder of the new site (new or empty)")
    p.add_argument("--profile", default="guangdong", help="政策配置，默认 guangdong · policy profile")
    p.add_argument("--city", help="城市或地区名称，如 佛山市 · city or region")
    p.add_argument("--title", help="站点标题（默认由城市名生成）· site title (default from the city)")
    p.add_argument("--host", choices=["all", *HOSTS], default="all",
                   help="为哪个代码托管平台写 CI 配置，默认 all（全部写出，用哪个留哪个）· CI files for which host")
    p.add_argument("--parts", type=int, default=1, metavar="N",
                   help="学校很多时：GitHub 与 GitLab 的 CI 配置在 N 台机器上分部分构建站点再合并（默认 1：一台机器）"
                        "；Gitea / Forgejo 仍用一台机器 · GitHub and GitLab CI build the site in N parts, then merge")
    p.set_defaults(run=run)


def run(args) -> int:
    from ..authoring.initsite import SiteChoices, write_site
    from ..authoring.selfwheel import WheelError, this_wheel
    from ..load.policy import load_policy

    target = Path(args.dir)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        print(f"plansite: {target} 已存在且不是空文件夹，不覆盖 · exists and is not an empty folder", file=sys.stderr)
        return 2
    profiles = sorted(load_policy(target, []).profiles)
    if args.profile not in profiles:
        print(f"plansite: 没有政策配置“{args.profile}”，可用的有：{'、'.join(profiles)} · "
              f"unknown profile; available: {', '.join(profiles)}", file=sys.stderr)
        return 2
    try:
        wheel = this_wheel()  # before anything is written: a failure leaves no half-made site
    except WheelError as exc:
        print(f"plansite: {exc} · cannot pack the running plansite's wheel", file=sys.stderr)
        return 1
    if not 1 <= args.parts <= 64:
        print("plansite: --parts 应在 1 到 64 之间 · --parts must be 1 to 64", file=sys.stderr)
        return 2
    hosts = list(HOSTS) if args.host == "all" else [args.host]
    written = write_site(target, SiteChoices(args.profile, profiles, args.city, args.title), wheel, hosts,
                         args.parts)
    for path in written:
        print(f"  + {path.relative_to(target).as_posix()}")
    print(f"已新建站点：{target.as_posix()}/ · site written.")
    # runs as printed: the example district exists; the CI files publish from the main branch
    print(f"下一步：cd {target.as_posix()} && git init -b main（CI 在 main 分支上发布），"
          "再用 plansite new --district example --school first-school 生成一所学校的模板"
          "（区和学校的文件夹名用英文简称），然后 plansite check。"
          " · Next: git init -b main, add a school with plansite new, then run plansite check.")
    print("使用指南：plansite docs（持续集成见其中的 ci.md）· The guide: plansite docs")
    return 0
