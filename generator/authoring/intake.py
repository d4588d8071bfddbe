"""What an import may read and where it may write: a school folder of a site, and a file that is
what its name says, within bounds.

Takes the paths given on the command line; gives the site root and the school folder, or a
problem in plain words (Chinese, English). A file's type is told from its first bytes, not its
name; a .docx or .xlsx (ZIP archives) is inflated once, chunk by chunk, to refuse a member that
grows past its bound before any library holds it in memory.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..load.content import PAGES_DIR
from ..load.siteroot import find_root
from ..load.filekind import special

Problem = tuple[str, str]

MAX_SOURCE = 200 * 1024 * 1024
"""The largest file an import reads (bytes): a school's plan or export is far smaller."""
MAX_MEMBER = 64 * 1024 * 1024
"""The largest a member of a .docx or .xlsx may inflate to (document.xml, a sheet)."""
MAX_INFLATED = 512 * 1024 * 1024
"""The largest all members together may inflate to."""
CHUNK = 1024 * 1024
MAX_PARAGRAPHS = 50_000
"""The most paragraphs (and table rows) a Word plan may hold: a school's two plans have a few
thousand; reading one takes milliseconds, so a document of hundreds of thousands would keep an
import busy for many minutes before check refused its size anyway."""

_MAGIC = (
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),  # Word 97–2003 .doc, Excel .xls, WPS .wps/.et
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF8", "gif"),
    (b"%PDF", "pdf"),
    (b"{\\rtf", "rtf"),
)
_SEEN_AS: dict[str | None, tuple[str, str]] = {
    "png": ("一张 PNG 图片", "a PNG image"), "jpeg": ("一张 JPEG 图片", "a JPEG image"),
    "gif": ("一张 GIF 图片", "a GIF image"), "pdf": ("PDF 文件", "a PDF file"),
    "rtf": ("RTF 文件", "an RTF file"),
}


class NotASchool(ValueError):
    """--school names no school folder of a site: why, in Chinese and English."""

    def __init__(self, why: str, why_en: str):
        super().__init__(why_en)
        self.why, self.why_en = why, why_en


def school_folder(given: Path) -> tuple[Path, Path]:
    """(site root, school folder) when given is content/<district>/<school> of a site (the school
    folder may be new); else NotASchool."""
    real = given.resolve()
    root = _site_of(real)
    try:
        parts = real.relative_to(root / "content").parts
    except ValueError:
        raise NotASchool("它不在站点的 content/ 文件夹中", "it is not inside the site's content/ folder") from None
    if not _is_school_path(parts):
        raise NotASchool("学校文件夹应是 content/区/学校，例如 content/dalang/xiangtou-primary",
                         "a school folder is content/<district>/<school>, e.g. content/dalang/xiangtou-primary")
    if real.exists() and not real.is_dir():
        raise NotASchool("它不是文件夹", "it is not a folder")
    return root, real


def _site_of(real: Path) -> Path:
    """The root of the site the path is in (NotASchool outside any site)."""
    root = find_root(real if real.is_dir() else real.parent)
    if root is None:
        raise NotASchool("它不在任何站点中（找不到 site.yml）", "it is not inside a site (no site.yml found)")
    return root


def _is_school_path(parts: tuple[str, ...]) -> bool:
    """<district>/<school> under content/: not the site's pages folder, no hidden or _ folder."""
    return len(parts) == 2 and parts[0] != PAGES_DIR and not any(p.startswith((".", "_")) for p in parts)


def refuse_school(given: str, exc: NotASchool) -> str:
    """The line that says why --school was refused."""
    return f"plansite: --school {given} 不是站点中的学校文件夹：{exc.why} · not a school folder of a site: {exc.why_en}"


def what_file(path: Path, expect: str) -> Problem | None:
    """Why path is not a file of the expected kind ("docx", "xlsx" or "csv"), from its content."""
    problem = _not_a_plain_file(path)
    if problem is not None:
        return problem
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        return (f"无法读取：{exc.strerror or exc}", f"it cannot be read: {exc.strerror or exc}")
    problem = _size_problem(size)
    if problem is not None:
        return problem
    found = _format_of(head)
    if expect == "csv":
        return _not_text(found, path)
    if found != "zip":
        return _not_an_archive(found, expect)
    return _archive(path, "word/document.xml" if expect == "docx" else "xl/workbook.xml", expect)


def _format_of(head: bytes) -> str | None:
    """The format a file's first bytes name (zip, ole, pdf …), None for none of them (text)."""
    return next((name for magic, name in _MAGIC if head.startswith(magic)), None)


def _not_a_plain_file(path: Path) -> Problem | None:
    """A device, pipe, socket … or a folder: nothing to read a document from."""
    kind = special(path)
    if kind is not None:
        return (f"它不是普通文件，而是{kind[0]}", f"it is not a plain file but {kind[1]}")
    if path.is_dir():
        return ("它是文件夹，不是文件；请给出要导入的文件", "it is a folder, not a file: name the file to import")
    return None


def _size_problem(size: int) -> Problem | None:
    """An empty file, or one over the size limit."""
    if size == 0:
        return ("文件是空的", "the file is empty")
    if size > MAX_SOURCE:
        return (f"文件有 {size // (1024 * 1024)} MB，超过 {MAX_SOURCE // (1024 * 1024)} MB 的上限",
                f"the file has {size // (1024 * 1024)} MB, over the limit of {MAX_SOURCE // (1024 * 1024)} MB")
    return None


def _not_an_archive(found: str | None, expect: str) -> Problem:
    """What a file that is no ZIP (so no .docx or .xlsx) is instead: an old Office file or another format."""
    if found == "ole":
        if expect == "docx":
            return ("这是旧版 Word（.doc）或 WPS 文件，请用 Word 或 WPS 另存为 .docx 后再导入",
                    "this is an old Word (.doc) or WPS file: save it as .docx in Word or WPS, then import that")
        return ("这是旧版 Excel（.xls）或 WPS 表格文件，请另存为 .xlsx 或 .csv 后再导入",
                "this is an old Excel (.xls) or WPS sheet: save it as .xlsx or .csv, then import that")
    seen = _SEEN_AS.get(found, ("文本或其他格式的文件", "text or another format"))
    want = "Word（.docx）文件" if expect == "docx" else "Excel（.xlsx）工作簿"
    want_en = "a Word (.docx) file" if expect == "docx" else "an Excel (.xlsx) workbook"
    return (f"它不是 {want}，而是{seen[0]}", f"it is not {want_en} but {seen[1]}")


def _not_text(found: str | None, path: Path) -> Problem | None:
    if found == "zip":
        return ("这是 .xlsx 或其他压缩格式的文件，不是 .csv；请把文件名改为 .xlsx，或另存为 .csv",
                "this is an .xlsx or another archive, not a .csv: name it .xlsx, or save it as .csv")
    if found is not None:
        seen = {"ole": ("旧版 Excel（.xls）", "an old Excel (.xls) sheet")}.get(found) or _SEEN_AS[found]
        return (f"它不是 .csv 文本，而是{seen[0]}", f"it is not a .csv text but {seen[1]}")
    with path.open("rb") as fh:
        if b"\0" in fh.read(64 * 1024):
            return ("它不是 .csv 文本（含有二进制内容）", "it is not a .csv text (it holds binary data)")
    return None


def _archive(path: Path, needed: str, expect: str) -> Problem | None:
    """A ZIP that holds `needed`, each member inflating within its bound (measured, not declared)."""
    try:
        with zipfile.ZipFile(path) as archive:
            if needed not in set(archive.namelist()):
                return _not_the_document(needed, expect)
            problem = _inflates_too_far(archive)
            if problem is None and expect == "docx":
                problem = _too_many_paragraphs(archive)
            return problem
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError) as exc:
        return (f"压缩内容已损坏（{exc}）", f"its archive is damaged ({exc})")


def _not_the_document(needed: str, expect: str) -> Problem:
    """An archive without the member every .docx (or .xlsx) holds."""
    what = "Word（.docx）文件" if expect == "docx" else "Excel（.xlsx）工作簿"
    what_en = "a Word (.docx) file" if expect == "docx" else "an Excel (.xlsx) workbook"
    return (f"它是压缩文件，但不是 {what}（缺少 {needed}）", f"it is an archive but not {what_en} (no {needed})")


def _inflates_too_far(archive: zipfile.ZipFile) -> Problem | None:
    """A member inflating past its bound, or all of them past theirs together."""
    total = 0
    for info in archive.infolist():
        grown = _inflate(archive, info, MAX_MEMBER)
        total += grown
        if grown > MAX_MEMBER or total > MAX_INFLATED:
            return (f"其中的 {info.filename} 解压后超过 {MAX_MEMBER // (1024 * 1024)} MB"
                    f"（总共不超过 {MAX_INFLATED // (1024 * 1024)} MB），文件过大或已损坏",
                    f"its member {info.filename} inflates past {MAX_MEMBER // (1024 * 1024)} MB (all "
                    f"together {MAX_INFLATED // (1024 * 1024)} MB): too large or damaged")
    return None


def _too_many_paragraphs(archive: zipfile.ZipFile) -> Problem | None:
    """A Word document longer than any plan: probably the wrong file."""
    if _paragraphs(archive, "word/document.xml") > MAX_PARAGRAPHS:
        return (f"文档的段落超过 {MAX_PARAGRAPHS} 个的上限；两案不会这么长，请检查是否选错了文件",
                f"the document has more than {MAX_PARAGRAPHS} paragraphs: plans are not this long; "
                "is it the right file?")
    return None


def _paragraphs(archive: zipfile.ZipFile, name: str) -> int:
    """How many <w:p> elements the member holds, counted as a stream, stopping just past the limit."""
    count, tail = 0, b""
    with archive.open(name) as member:
        while count <= MAX_PARAGRAPHS:
            block = member.read(CHUNK)
            if not block:
                break
            data = tail + block
            count += data.count(b"<w:p>") + data.count(b"<w:p ")
            tail = data[-5:]
            count -= tail.count(b"<w:p>") + tail.count(b"<w:p ")  # counted again with the next block
    return count


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> int:
    """How many bytes the member inflates to, reading no further than just past limit."""
    grown = 0
    with archive.open(info) as member:
        while grown <= limit:
            block = member.read(CHUNK)
            if not block:
                break
            grown += len(block)
    return grown

