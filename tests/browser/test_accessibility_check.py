"""The accessibility check itself: axe-core finds what it must find."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.accessibility import assert_accessible

UNLABELLED = """<!DOCTYPE html><html lang="en"><head><title>t</title>
<meta http-equiv="Content-Security-Policy" content="script-src 'self'"></head>
<body><main><h1>Form</h1><form><input type="text" name="goal"></form></main></body></html>"""


def test_a_field_without_a_label_fails_the_check(page: Page) -> None:
    page.set_content(UNLABELLED)

    with pytest.raises(AssertionError, match="critical: label"):
        assert_accessible(page)


def test_the_same_field_with_a_label_passes(page: Page) -> None:
    page.set_content(UNLABELLED.replace("<input", '<label for="g">Goal</label><input id="g"'))

    assert_accessible(page)
