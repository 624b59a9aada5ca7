"""The burst counts every message once, whole: one still being written when the folder is
read is read again at the next scan, never counted without its recipient (a 2,000-person run
once counted 1,974 welcomes that way). The catcher itself only lets whole messages appear."""

from __future__ import annotations

import asyncio
from pathlib import Path
from types import SimpleNamespace

from bench.burst.watch import MailFolder
from deploy.local.mailbox import SaveToFolder

WELCOME = (
    b"From: Two Way <programs@twoway.invalid>\r\n"
    b"To: Ada <ada@load.example.com>\r\n"
    b"Subject: Welcome\r\n"
    b"X-Twoway-Template: welcome\r\n"
    b"\r\n"
    b"Hello.\r\n"
)


def test_a_message_found_empty_is_counted_once_it_is_written(tmp_path: Path) -> None:
    folder = MailFolder(tmp_path)
    path = tmp_path / "20260101T000000-000001.eml"
    path.write_bytes(b"")

    assert folder.scan() == []
    assert folder.incomplete == 1

    path.write_bytes(WELCOME)
    (mail,) = folder.scan()
    assert (mail.to, mail.template, mail.path) == ("ada@load.example.com", "welcome", path)
    assert folder.incomplete == 0
    assert len(folder.scan()) == 1


def test_a_message_cut_inside_its_headers_waits_for_the_rest(tmp_path: Path) -> None:
    folder = MailFolder(tmp_path)
    path = tmp_path / "20260101T000000-000001.eml"
    cut = WELCOME.index(b"X-Twoway-Template") + len(b"X-Twoway-Template: wel")
    path.write_bytes(WELCOME[:cut])

    assert folder.scan() == []

    path.write_bytes(WELCOME)
    assert [m.template for m in folder.scan()] == ["welcome"]


def test_the_catchers_partial_files_are_not_messages(tmp_path: Path) -> None:
    (tmp_path / ".20260101T000000-000001.eml.part").write_bytes(WELCOME)

    assert MailFolder(tmp_path).scan() == []


def test_the_catcher_leaves_only_whole_messages_in_the_folder(tmp_path: Path) -> None:
    (tmp_path / ".20260101T000000-000009.eml.part").write_bytes(b"left by a crash")
    catcher = SaveToFolder(tmp_path)
    envelope = SimpleNamespace(original_content=WELCOME, content=WELCOME)

    answer = asyncio.run(catcher.handle_DATA(None, None, envelope))

    assert answer.startswith("250")
    (saved,) = tmp_path.glob("*.eml")
    assert saved.name.endswith("-000001.eml")  # the leftover part was not counted
    assert saved.read_bytes() == WELCOME
    assert [m.to for m in MailFolder(tmp_path).scan()] == ["ada@load.example.com"]
